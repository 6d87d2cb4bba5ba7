import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderTemplates } from '../../templates/render.ts';
import type { Tree } from '../../tree/tree.ts';
import type { ReplicableContext } from './context.ts';

/**
 * The template folders of one run, in render order: the shared files, the strategy's, then the
 * chosen verification-state layout. Later folders' migrations sort after earlier ones'.
 */
export function templateFolders(templatesDir: string, context: ReplicableContext): string[] {
  const { strategy, verificationTable } = context.options;
  return ['common', strategy, `verification-${verificationTable}`].map((folder) =>
    join(templatesDir, folder),
  );
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
  const data = {
    strategy: context.options.strategy,
    verificationTable: context.options.verificationTable,
    config: context.host.config,
    runtimePackage: context.host.config.runtimePackage,
  };
  const folders = templateFolders(templatesDir, context);
  let found = 0;
  for (const source of folders) {
    if (existsSync(source)) found += 1;
    await renderTemplates(tree, { source, names: context.names, data, now: context.now });
  }
  if (found === 0) {
    context.warn(`no templates to render: none of ${folders.join(', ')} exists`);
  }
}
