import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './host.ts';
import { copyHostParts, PINNED_HOST } from './pinned-host.ts';
import { REPO_ROOT, RUNTIME } from './runtime-copy.ts';

/**
 * A light copy of a host application in a temp dir (`<tmp>/runtime`, removed after the test):
 * what `check`, `release` and `remove` read. The host parts come from `from`, the pinned host
 * (PackageFile only) by default; the runtime's `package.json` is the live one. The repository's
 * prettier config sits beside it as in the repository, so files are formatted as there. The
 * framework's sources are left out: nothing here type-checks or runs.
 */
export async function hostCopy(from: string = PINNED_HOST): Promise<string> {
  const dir = await tempDir('geo-gen-host-copy-');
  const host = join(dir, 'runtime');
  await copyHostParts(host, from);
  await cp(join(RUNTIME, 'package.json'), join(host, 'package.json'));
  await cp(join(REPO_ROOT, '.prettierrc.json'), join(dir, '.prettierrc.json'));
  return host;
}

/** Every file and folder below `dir`: files with their bytes, folders as `<path>/`. */
export async function listing(dir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name).slice(dir.length + 1);
    if (entry.isDirectory()) entries[`${path}/`] = '';
    else if (entry.isFile()) entries[path] = (await readFile(join(dir, path))).toString('base64');
  }
  return entries;
}
