import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatChanges } from '../../tree/format.ts';
import { Tree } from '../../tree/tree.ts';
import type { InitFile, InitFolder } from './artefacts.ts';

/** An application's own file where `init` would write one: left alone, and reported. */
export interface KeptFile {
  readonly path: string;
  /** What it lacks for geo-gen to work with it, if anything (see `InitFile.lacks`). */
  readonly lacks: string | undefined;
}

/** The placeholder that keeps an empty folder in version control. */
export const GITKEEP = '.gitkeep';

/**
 * Plans every file `init` writes into `tree`, each only where the application has none: a file
 * that exists is never touched. It is the same file when it equals what `init` writes (rendered
 * and formatted with the application's prettier configuration), else it is the user's: kept
 * and returned with what it lacks. So a second run plans nothing.
 */
export async function planInitFiles(
  tree: Tree,
  files: readonly InitFile[],
  templatesDir: string,
  warn: (message: string) => void,
): Promise<KeptFile[]> {
  // Formatted apart first, so what exists is compared with what init would write byte for byte.
  const scratch = new Tree(tree.root);
  for (const file of files) {
    scratch.write(file.path, await render(join(templatesDir, file.template), file.data));
  }
  await formatChanges(scratch, warn);
  const kept: KeptFile[] = [];
  for (const file of files) {
    const wanted = scratch.read(file.path) ?? '';
    const existing = tree.read(file.path);
    if (existing === undefined) tree.create(file.path, wanted);
    else if (existing !== wanted) kept.push({ path: file.path, lacks: await file.lacks(existing) });
  }
  return kept;
}

/** A `.gitkeep` in each folder that does not exist yet or is empty. */
export function planInitFolders(tree: Tree, folders: readonly InitFolder[]): void {
  for (const folder of folders) {
    if (tree.children(folder.path).length === 0) tree.create(`${folder.path}/${GITKEEP}`, '');
  }
}

async function render(template: string, data: Readonly<Record<string, unknown>>): Promise<string> {
  const text = await readFile(template, 'utf8');
  if (!template.endsWith('.ejs')) return text;
  const ejs = (await import('ejs')).default;
  return ejs.render(text, data, { filename: template });
}
