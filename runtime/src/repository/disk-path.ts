import { createHash } from 'node:crypto';
import { isAbsolute, join } from 'node:path';

/** The directory of a storage root where new clones wait (see `temporaryCloneRoot`). */
export const TEMPORARY_CLONE_DIRECTORY = '@geo-temporary';

/**
 * Whether a `disk_path` stays inside its storage root as written: relative, without empty, `.`
 * or `..` segments, and not inside the directory of clones in progress, which Geo empties of a
 * repository's leftovers. (Serving also resolves symlinks: see `resolveRepository`.)
 */
export function isSafeDiskPath(diskPath: string): boolean {
  const segments = diskPath.split(/[/\\]/);
  return (
    diskPath !== '' &&
    !isAbsolute(diskPath) &&
    !segments.some((s) => s === '..' || s === '.' || s === '') &&
    segments[0] !== TEMPORARY_CLONE_DIRECTORY
  );
}

/** A `disk_path` that would lead out of its storage root. */
export class UnsafeDiskPathError extends Error {
  override readonly name = 'UnsafeDiskPathError';
  constructor(readonly diskPath: string) {
    super(
      `The repository disk_path ${JSON.stringify(diskPath)} is not a relative path inside its ` +
        "storage root (no leading '/', no '.', '..' or empty segments, not under " +
        `${TEMPORARY_CLONE_DIRECTORY}/). Fix the record's disk_path.`,
    );
  }
}

/** `<root>/<disk_path>.git`, the bare repository of a record on a site. */
export function repositoryGitDir(root: string, diskPath: string): string {
  if (!isSafeDiskPath(diskPath)) throw new UnsafeDiskPathError(diskPath);
  return join(root, `${diskPath}.git`);
}

/**
 * GitLab's hashed storage layout: `@hashed/<2 hex>/<2 hex>/<sha256 hex>` of a key that names the
 * record (e.g. `project_repositories/7`), so that paths spread evenly and never change on rename.
 *
 * @example
 * hashedDiskPath('project_repositories/1'); // '@hashed/0f/3c/0f3c…'
 */
export function hashedDiskPath(key: string): string {
  const hash = createHash('sha256').update(key).digest('hex');
  return `@hashed/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
}

/**
 * Where a new clone waits before it moves into place: inside the storage root (so the move is a
 * rename on one file system), in a directory no safe `disk_path` leads into.
 */
export function temporaryCloneRoot(root: string): string {
  return join(root, TEMPORARY_CLONE_DIRECTORY);
}
