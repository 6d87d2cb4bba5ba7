import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pluralize from 'pluralize';
import { renderTemplates } from '../../templates/render.ts';
import type { Tree } from '../../tree/tree.ts';
import type { ReplicableContext } from './context.ts';

/**
 * The template folders of one run, in render order: the model (only when the host has none yet),
 * the shared files, the strategy's, then the chosen verification-state layout. Later folders'
 * migrations sort after earlier ones', so the model's table exists before columns are added to it.
 */
export function templateFolders(
  templatesDir: string,
  context: ReplicableContext,
  modelExists: boolean,
): string[] {
  const { strategy, verificationTable } = context.options;
  const folders = ['common', strategy, `verification-${verificationTable}`];
  return (modelExists ? folders : ['model', ...folders]).map((folder) =>
    join(templatesDir, folder),
  );
}

/** Where the host keeps a model's class: `app/models/<file-name>.ts`. */
export function modelPath(context: ReplicableContext): string {
  return `app/models/${context.names.fileName}.ts`;
}

/**
 * Renders every template folder of the run into the Tree (a missing folder renders nothing,
 * with a note when none exists at all, which usually means the wrong templates directory).
 */
export async function planReplicable(
  tree: Tree,
  templatesDir: string,
  context: ReplicableContext,
): Promise<void> {
  const data = templateData(context);
  const folders = templateFolders(templatesDir, context, tree.exists(modelPath(context)));
  let found = 0;
  for (const source of folders) {
    if (existsSync(source)) found += 1;
    await renderTemplates(tree, { source, names: context.names, data, now: context.now });
  }
  if (found === 0) {
    context.warn(`no templates to render: none of ${folders.join(', ')} exists`);
  }
}

/** What templates see besides `names`; `geo-gen remove` renders with it too, to compare. */
export function templateData(context: ReplicableContext): Readonly<Record<string, unknown>> {
  return {
    // The runtime derives plurals with pluralize; a different one must be declared on the replicator.
    pluralOverride:
      pluralize.plural(context.names.snakeName) === context.names.snakeNamePlural
        ? undefined
        : context.names.snakeNamePlural,
    strategy: context.options.strategy,
    verificationTable: context.options.verificationTable,
    config: context.host.config,
    runtimePackage: context.host.config.runtimePackage,
  };
}
