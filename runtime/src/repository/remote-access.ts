import { gitReportsRepositoryNotFound } from '../git-http/git-responses.ts';
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
 * Whether git failed because the primary has no such repository: its git route answered the
 * documented 404 (`repositoryNotFoundResponse`), which git shows as
 * `remote: repository not found: <full_path>`. The test is `gitReportsRepositoryNotFound`, the
 * same one the route's own tests use. Any other 404 is a failure like any other.
 *
 * @example
 * try { await runGit(['ls-remote', url]); } catch (error) { if (isMissingOnRemote(error)) … }
 */
export function isMissingOnRemote(error: unknown): error is GitCommandError {
  return error instanceof GitCommandError && gitReportsRepositoryNotFound(error.stderr);
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
