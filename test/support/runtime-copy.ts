import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyHostParts, PINNED_PARTS } from './pinned-host.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RUNTIME = join(REPO_ROOT, 'runtime');
/** The templates geo-gen ships (tests of the machinery use small fixture templates instead). */
export const REAL_TEMPLATES = join(REPO_ROOT, 'templates', 'replicable');

/** Paths of the runtime never part of a host copy: installed, produced locally, or a run's lock. */
const SKIPPED = /(^|\/)(node_modules|\.data|\.tmp|\.geo-gen|coverage)(\/|$)/;

/** Whether a runtime path (`/app/models/…`) is in a host part, which the pinned host replaces. */
const inHostPart = (path: string) =>
  (PINNED_PARTS as readonly string[]).includes(path.split('/')[1] ?? '');

/**
 * A copy of the runtime (the host geo-gen writes into) in a temp dir, with what it needs around
 * it: the repository's prettier and TypeScript base configs, and its installed packages.
 * The framework (`src/`, configs, scripts) is the live runtime's; the host application is the
 * pinned one (PackageFile only), so tests see the same host whatever data types the user added.
 * Returns the copy's runtime folder and how to remove the copy (call it in afterAll).
 */
export async function runtimeCopy(
  prefix = 'geo-gen-runtime-',
): Promise<{ root: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const root = join(dir, 'runtime');
  await cp(RUNTIME, root, {
    recursive: true,
    filter: (source) => {
      const path = source.slice(RUNTIME.length);
      return !SKIPPED.test(path) && !inHostPart(path);
    },
  });
  await copyHostParts(root);
  await cp(join(REPO_ROOT, '.prettierrc.json'), join(dir, '.prettierrc.json'));
  await cp(join(REPO_ROOT, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The copy's host imports `geo-runtime` from the copy itself, as the runtime's own host does:
  // one copy of the framework in a process, whatever the repository's runtime holds.
  await mkdir(join(root, 'node_modules'));
  await symlink(root, join(root, 'node_modules', 'geo-runtime'), 'dir');
  // The copy is not a workspace of the repository: a package.json of its own keeps tools there.
  await writeFile(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  return { root, remove: () => rm(dir, { recursive: true, force: true }) };
}
