import { existsSync } from 'node:fs';
import {
  templateData,
  templateFolders,
  templatePlacement,
  type DataTypeTemplates,
} from '../../generate/data-type-templates.ts';
import { migrationFolders } from '../../host/layout.ts';
import { renderTemplates } from '../../templates/render.ts';
import type { Tree } from '../../tree/tree.ts';
import { dataTypeFiles } from '../../wiring/data-type-files.ts';
import type { ReplicableContext } from './context.ts';

/** Which templates the run renders: its data type, host, strategy and verification layout. */
export function templateSelection(context: ReplicableContext): DataTypeTemplates {
  const { names, host, options } = context;
  return {
    names,
    host,
    strategy: options.strategy,
    owner: options.owner,
    verificationTable: options.verificationTable,
  };
}

/**
 * Renders every template folder of the run into the Tree (a missing folder renders nothing,
 * with a note when none exists at all, which usually means the wrong templates directory). A
 * migration the host already has under the same name (a regeneration) keeps its file and
 * timestamp, so `--force` rewrites it instead of adding a second one that cannot run.
 * Returns the paths rendered.
 */
export async function planReplicable(
  tree: Tree,
  templatesDir: string,
  context: ReplicableContext,
): Promise<string[]> {
  const selection = templateSelection(context);
  const data = templateData(selection);
  const modelExists = tree.exists(dataTypeFiles(context.names, context.host.config.layout).model);
  const folders = templateFolders(templatesDir, selection, modelExists);
  let found = 0;
  const rendered: string[] = [];
  for (const source of folders) {
    if (existsSync(source)) found += 1;
    const paths = await renderTemplates(tree, {
      source,
      names: context.names,
      data,
      place: templatePlacement(context.host),
      now: context.now,
      // A regenerated data type's migrations replace its own (a conflict, written with --force).
      replaceMigrationsIn: migrationFolders(context.host),
    });
    rendered.push(...paths);
  }
  if (found === 0) {
    context.warn(`no templates to render: none of ${folders.join(', ')} exists`);
  }
  return rendered;
}
