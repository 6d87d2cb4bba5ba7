// The hooks of the git route that decide: who may read which repository, and where pushes go.

/** The statuses a refusal may have: unauthenticated, forbidden, or not available here yet. */
export type GitDenialStatus = 401 | 403 | 404 | 409 | 503;

export type GitAccess =
  | { readonly kind: 'granted' }
  /**
   * `message` is sent to the client (git prints it as `remote: <message>`). `challenge` becomes
   * the `WWW-Authenticate` header of a 401: with `Basic realm="…"`, git sends the user name and
   * password of its credential helper (or of the URL) on the next try.
   */
  | {
      readonly kind: 'denied';
      readonly status: GitDenialStatus;
      readonly message: string;
      readonly challenge?: string;
    }
  /**
   * The repository is not here, answered as one `locate` does not know (the documented 404 of
   * REPOSITORY_NOT_FOUND_GEO_CODE), for one known to be missing whatever the disk holds.
   */
  | { readonly kind: 'not-found' };

/**
 * Decides whether a request may read the repository at `fullPath`. The primary grants GL-Geo
 * tokens of secondaries (geoRepositoryAuthorizer); a secondary serving users decides by its own
 * means, and refuses a repository it has not synced yet with a clear message.
 *
 * @example
 * const authorize: GitAuthorize = async (request, fullPath) =>
 *   isSynced(fullPath)
 *     ? { kind: 'granted' }
 *     : { kind: 'denied', status: 503, message: `${fullPath} is not synced to this site yet` };
 */
export type GitAuthorize = (request: Request, fullPath: string) => Promise<GitAccess>;

/** What a push (`git-receive-pack`) gets. */
export type GitPushAnswer =
  /** A 302 to `location`, which git follows for its first request (a secondary: the primary). */
  | { readonly kind: 'redirect'; readonly location: string }
  /** `message` is sent as text, which git prints as `remote: <message>`. */
  | { readonly kind: 'refused'; readonly status: 403 | 503; readonly message: string };

/**
 * Where a push goes, given the request's path and query (`/group/app.git/info/refs?service=…`).
 * Decided per request: a site's role can change (a secondary promoted to primary).
 *
 * @example
 * const push: GitPushPolicy = (path) => ({ kind: 'redirect', location: `${primaryUrl}${path}` });
 */
export type GitPushPolicy = (path: string) => GitPushAnswer | Promise<GitPushAnswer>;
