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

/**
 * What git prints when the remote answers 401: it would ask for a user name, which `runGit`
 * forbids (`GIT_TERMINAL_PROMPT=0`), or, when it had credentials, says they failed.
 */
const REFUSED_MESSAGES = [
  /^fatal: could not read Username for '.*': terminal prompts disabled$/m,
  /^fatal: Authentication failed for '.*'$/m,
];

/** The primary refused the secondary's `Authorization` header (HTTP 401). */
export class RemoteRefusedCredentialsError extends Error {
  override readonly name = 'RemoteRefusedCredentialsError';
  constructor(
    readonly url: string,
    readonly gitError: GitCommandError,
  ) {
    super(
      `The Geo primary refused this site's credentials (HTTP 401) for ${url}. Check that this ` +
        "secondary's access keys are the ones the primary has for it, and that both sites' clocks " +
        `agree (tokens expire after minutes). ${gitError.message}`,
      { cause: gitError },
    );
  }
}

/**
 * `RemoteRefusedCredentialsError` for a git failure caused by a 401, else the error itself.
 *
 * @example
 * await runGit(['ls-remote', url], options).catch((error) => { throw explainRefusal(error, url); });
 */
export function explainRefusal(error: unknown, url: string): unknown {
  if (
    error instanceof GitCommandError &&
    REFUSED_MESSAGES.some((message) => message.test(error.stderr))
  )
    return new RemoteRefusedCredentialsError(url, error);
  return error;
}
