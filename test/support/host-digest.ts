import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file and folder below `dir` with its mode, and each file's SHA-256: two equal digests
 * are byte-identical trees, down to the modes and the empty folders.
 */
export async function hostDigest(dir: string): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const mode = ((await lstat(path)).mode & 0o7777).toString(8);
    const relative = path.slice(dir.length + 1);
    if (entry.isDirectory()) digest[`${relative}/`] = mode;
    else {
      const hash = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      digest[relative] = `${mode} ${hash}`;
    }
  }
  return digest;
}
