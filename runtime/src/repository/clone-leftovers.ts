import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

/**
 * How the temporary directories of new clones of `gitDir` begin (`<prefix><random>`): its
 * basename, for people reading the directory, then a hash of its whole path, because repositories
 * in different directories may share a basename (`group-a/project.git`, `group-b/project.git`)
 * and one's leftovers must never be taken for the other's clone in progress.
 */
export function cloneTempPrefix(gitDir: string): string {
  const hash = createHash('sha256').update(resolve(gitDir)).digest('hex').slice(0, 16);
  return `${basename(gitDir)}-${hash}-`;
}

/**
 * Removes the clones of `gitDir` that a killed sync left in `tempRoot` (`syncRepository` names
 * them `cloneTempPrefix(gitDir)` + random); returns how many.
 */
export async function removeCloneLeftovers(tempRoot: string, gitDir: string): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(tempRoot);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 0;
    throw error;
  }
  const prefix = cloneTempPrefix(gitDir);
  const leftovers = entries.filter((entry) => entry.startsWith(prefix));
  for (const entry of leftovers) {
    await rm(join(tempRoot, entry), { recursive: true, force: true, maxRetries: 3 });
  }
  return leftovers.length;
}
