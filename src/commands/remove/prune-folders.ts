import { rmdir } from 'node:fs/promises';
import { join, posix } from 'node:path';

/**
 * Removes the folders that deleting `paths` left empty (deepest first, never the root), so a
 * generate-then-remove round trip leaves no empty `app/uploaders/` behind. A folder that is not
 * empty, or cannot be removed, ends the walk up from it; nothing here can lose a file.
 */
export async function pruneEmptyFolders(root: string, paths: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  for (const path of paths) {
    for (
      let folder = posix.dirname(path);
      folder !== '.' && folder !== '';
      folder = posix.dirname(folder)
    ) {
      folders.add(folder);
    }
  }
  const deepestFirst = [...folders].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const folder of deepestFirst) {
    await rmdir(join(root, folder)).catch(() => undefined); // ENOTEMPTY: someone's files live there
  }
}
