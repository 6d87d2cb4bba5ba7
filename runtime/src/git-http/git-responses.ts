// The answers of the git route that do not come from git. They are text/plain, which git prints
// to the user as `remote: <line>`, so whoever runs `git clone` reads why.

/** The header that says which Geo condition a 404 is (the retrieve API's `geo_code`). */
export const GEO_CODE_HEADER = 'X-Geo-Code';

/**
 * The signal of a repository that does not exist on the serving site, so that a secondary can
 * tell it from other failures and record it as missing on the primary: status 404, the header
 * `X-Geo-Code: REPOSITORY_NOT_FOUND`, and the text body `repository not found: <full_path>`
 * (which `git` prints as `remote: repository not found: <full_path>`; see
 * gitReportsRepositoryNotFound). Only sent to requests the authorize hook granted.
 */
export const REPOSITORY_NOT_FOUND_GEO_CODE = 'REPOSITORY_NOT_FOUND';
const REPOSITORY_NOT_FOUND_MESSAGE = 'repository not found';

/**
 * Whether the standard error of a `git clone`, `git fetch` or `git ls-remote` against a Geo git
 * route says the repository does not exist there (rather than any other failure). This is the one
 * test of it: the secondary's sync (`isMissingOnRemote`) asks it too. git prints a text/plain
 * body of the first request's error as `remote: <line>`, so only this route's documented 404
 * matches; a bare 404 (a wrong internal URL, a proxy, a primary without git routes) does not, and
 * fails the sync instead of making the repository look synced as missing on the primary.
 *
 * @example
 * gitReportsRepositoryNotFound("remote: repository not found: group/app\nfatal: …"); // true
 * gitReportsRepositoryNotFound("fatal: repository 'http://p/group/app.git/' not found"); // false
 */
export function gitReportsRepositoryNotFound(stderr: string): boolean {
  const prefix = `remote: ${REPOSITORY_NOT_FOUND_MESSAGE}: `;
  return stderr.split('\n').some((line) => line.startsWith(prefix));
}

/** A text/plain answer, not cached. */
export function gitTextResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(`${message}\n`, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  });
}

/** The documented 404 of a repository that does not exist (REPOSITORY_NOT_FOUND_GEO_CODE). */
export function repositoryNotFoundResponse(fullPath: string): Response {
  return gitTextResponse(404, `${REPOSITORY_NOT_FOUND_MESSAGE}: ${fullPath}`, {
    [GEO_CODE_HEADER]: REPOSITORY_NOT_FOUND_GEO_CODE,
  });
}
