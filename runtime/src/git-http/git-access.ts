// The authorize hook of the git route: who may read which repository.

/** The statuses a refusal may have: unauthenticated, forbidden, or not available here yet. */
export type GitDenialStatus = 401 | 403 | 404 | 409 | 503;

export type GitAccess =
  | { readonly kind: 'granted' }
  /** `message` is sent to the client (git prints it as `remote: <message>`). */
  | { readonly kind: 'denied'; readonly status: GitDenialStatus; readonly message: string };

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
