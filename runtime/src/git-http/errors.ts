/** A repository's location resolves outside its storage root (a `..` in `disk_path`, a symlink). */
export class RepositoryOutsideRootError extends Error {
  override readonly name = 'RepositoryOutsideRootError';
  constructor(
    readonly fullPath: string,
    readonly root: string,
    readonly resolved: string,
  ) {
    super(
      `The repository of ${fullPath} resolves to ${resolved}, outside its storage root ${root}; ` +
        'it is not served. Fix its disk_path, or the symlink that leads out of the root.',
    );
  }
}

/** The storage root a repository names does not exist on this site. */
export class StorageRootNotFoundError extends Error {
  override readonly name = 'StorageRootNotFoundError';
  constructor(
    readonly root: string,
    options?: ErrorOptions,
  ) {
    super(
      `The repository storage root ${root} does not exist. Check the site's repository storages ` +
        '(the shard roots) and that the directory is mounted.',
      options,
    );
  }
}

/** `git http-backend` ended without a well-formed CGI response. */
export class HttpBackendError extends Error {
  override readonly name = 'HttpBackendError';
  constructor(
    readonly problem: string,
    readonly stderr: string,
  ) {
    super(
      `git http-backend ${problem}${stderr === '' ? '' : `: ${stderr.trim()}`}. Check that git is ` +
        'installed on this site (git http-backend --help) and the repository is readable.',
    );
  }
}
