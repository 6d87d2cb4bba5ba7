import { join } from 'node:path';

/**
 * A site's repository storages (GitLab's shards): storage name → the root directory that holds its
 * bare repositories. A repository model names its storage (`repository_storage`); every site must
 * configure the storages its repositories use, each at a path of its own choosing.
 */
export type RepositoryStorages = Readonly<Record<string, string>>;

/** The storage a repository is on unless its model says otherwise. */
export const DEFAULT_REPOSITORY_STORAGE = 'default';

/** A site that configures no storages gets `default`, under its storage root. */
export function defaultRepositoryStorages(storageRoot: string): RepositoryStorages {
  return { [DEFAULT_REPOSITORY_STORAGE]: join(storageRoot, 'repositories') };
}

/** A repository names a storage this site does not configure. */
export class UnknownRepositoryStorageError extends Error {
  override readonly name = 'UnknownRepositoryStorageError';
  constructor(
    readonly site: string,
    readonly storage: string,
    readonly configured: readonly string[],
  ) {
    super(
      `Site ${site} has no repository storage named '${storage}' (it has: ` +
        `${configured.join(', ') || 'none'}). Configure it, e.g. site:start ` +
        `--repository-storage ${storage}=/path/to/repositories.`,
    );
  }
}
