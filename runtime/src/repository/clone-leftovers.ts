import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Removes the clones of `gitDir` that a killed sync left in `tempRoot` (`syncRepository` makes
 * them as `<basename of gitDir>-<random>`); returns how many.
 */
export async function removeCloneLeftovers(tempRoot: string, gitDir: string): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(tempRoot);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 0;
    throw error;
  }
  const prefix = `${basename(gitDir)}-`;
  const leftovers = entries.filter((entry) => entry.startsWith(prefix));
  for (const entry of leftovers) {
    await rm(join(tempRoot, entry), { recursive: true, force: true, maxRetries: 3 });
  }
  return leftovers.length;
}
