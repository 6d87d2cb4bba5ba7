import { GitCommandError, type GitConfigEntry } from './git.ts';

/** A header for git's requests that would break the HTTP request (or smuggle another header in). */
export class InvalidGitHeaderError extends Error {
  override readonly name = 'InvalidGitHeaderError';
  constructor(readonly header: string) {
    super(
      `The HTTP header ${JSON.stringify(header)} for git is invalid: a header name is a token ` +
        'and a value has no line break. Check how the Authorization header is built.',
    );
  }
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The configuration for one git command that talks to the primary: each header as an
 * `http.extraHeader`, to be passed through the environment (`RunGitOptions.config`) so that a
 * token never shows in `ps`, and no redirects, so that the token goes to the primary's URL only.
 *
 * @example
 * await runGit(['ls-remote', url], { config: remoteConfig({ Authorization: 'GL-Geo key:jwt' }) });
 */
export function remoteConfig(headers: Readonly<Record<string, string>>): GitConfigEntry[] {
  const entries: GitConfigEntry[] = [{ key: 'http.followRedirects', value: 'false' }];
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || /[\r\n\0]/.test(value)) throw new InvalidGitHeaderError(name);
    entries.push({ key: 'http.extraHeader', value: `${name}: ${value}` });
  }
  return entries;
}

/**
 * What git prints (in the C locale `runGit` sets) when the remote answers 404: for the first
 * request (`GET …/info/refs`) `fatal: repository '<url>/' not found`, for a later one
 * `… The requested URL returned error: 404`. A primary answers 404 for a repository it does not
 * have, and only then (a refused token is 401, a failure 5xx), which is how a secondary tells a
 * repository missing on the primary from a failed sync.
 */
const NOT_FOUND_MESSAGES = [
  /^fatal: repository '.*' not found$/m,
  /The requested URL returned error: 404\b/,
];

/**
 * Whether git failed because the remote has no such repository.
 *
 * @example
 * try { await runGit(['ls-remote', url]); } catch (error) { if (isMissingOnRemote(error)) … }
 */
export function isMissingOnRemote(error: unknown): error is GitCommandError {
  return (
    error instanceof GitCommandError &&
    NOT_FOUND_MESSAGES.some((message) => message.test(error.stderr))
  );
}
