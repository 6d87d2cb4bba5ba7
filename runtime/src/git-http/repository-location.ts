import { realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { bareRepositoryExists } from '../repository/bare-repository.ts';
import { isSafeDiskPath } from '../repository/disk-path.ts';
import { RepositoryOutsideRootError, StorageRootNotFoundError } from './errors.ts';

/** Where a repository lives: `<root>/<diskPath>.git`, root being its shard's storage root. */
export interface RepositoryLocation {
  readonly root: string;
  readonly diskPath: string;
}

export type ResolvedRepository =
  /** `gitDir`: the repository's real path, inside the real path of its root. */
  | { readonly kind: 'found'; readonly gitDir: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'outside-root'; readonly error: RepositoryOutsideRootError };

/**
 * Finds a repository on disk, confined to its storage root: a `disk_path` that is absolute or
 * has `..` segments, or whose real path (symlinks resolved) is not below the root's real path,
 * is outside the root. A path that does not exist, or is no bare git repository (a `HEAD` file and
 * an `objects` directory), is not found.
 *
 * @example
 * await resolveRepository('group/app', { root: '/var/repos', diskPath: '@hashed/6b/86/6b86' });
 * // { kind: 'found', gitDir: '/var/repos/@hashed/6b/86/6b86.git' }
 */
export async function resolveRepository(
  fullPath: string,
  location: RepositoryLocation,
): Promise<ResolvedRepository> {
  const { root, diskPath } = location;
  if (!isSafeDiskPath(diskPath)) return outside(fullPath, root, diskPath);
  const realRoot = await realRootOf(root);
  let gitDir: string;
  try {
    gitDir = await realpath(join(realRoot, `${diskPath}.git`));
  } catch (error) {
    if (isMissing(error)) return { kind: 'not-found' };
    throw error;
  }
  if (!gitDir.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    return outside(fullPath, root, gitDir);
  }
  return (await bareRepositoryExists(gitDir)) ? { kind: 'found', gitDir } : { kind: 'not-found' };
}

async function realRootOf(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch (error) {
    if (isMissing(error)) throw new StorageRootNotFoundError(root, { cause: error });
    throw error;
  }
}

function outside(fullPath: string, root: string, resolved: string): ResolvedRepository {
  return { kind: 'outside-root', error: new RepositoryOutsideRootError(fullPath, root, resolved) };
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof Error && 'code' in error && ['ENOENT', 'ENOTDIR'].includes(`${error.code}`)
  );
}
