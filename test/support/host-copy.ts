import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './host.ts';
import { REPO_ROOT, RUNTIME } from './runtime-copy.ts';

/** What `check`, `release` and `remove` read of the runtime's host application (not `src/`). */
const HOST_PARTS = ['app', 'config', 'db', 'docs', 'geo.config.json', 'package.json'];

/**
 * A light copy of the runtime's host application in a temp dir (`<tmp>/runtime`, removed after
 * the test), with the repository's prettier config beside it as in the repository, so files are
 * formatted as there. The framework's sources are left out: nothing here type-checks or runs.
 */
export async function hostCopy(): Promise<string> {
  const dir = await tempDir('geo-gen-host-copy-');
  const host = join(dir, 'runtime');
  for (const part of HOST_PARTS)
    await cp(join(RUNTIME, part), join(host, part), { recursive: true });
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
