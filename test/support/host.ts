import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** Small templates covering path tokens, ordered migrations, a binary file and each folder kind. */
export const FIXTURE_TEMPLATES = join(FIXTURES, 'templates', 'replicable');

const created: string[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary directory, removed after the test. */
export async function tempDir(prefix = 'geo-gen-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A copy of the fixture host (geo.config.json, prettier config, a few migrations) in a temp dir. */
export async function fixtureHost(): Promise<string> {
  const dir = await tempDir('geo-gen-host-');
  await cp(join(FIXTURES, 'host'), dir, { recursive: true });
  return dir;
}

/** Every file below `dir` with its contents, to compare the disk before and after. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length + 1)] = (await readFile(path)).toString('base64');
  }
  return files;
}
