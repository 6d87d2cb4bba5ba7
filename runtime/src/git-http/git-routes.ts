import { Hono } from 'hono';
import type { GitAuthorize, GitPushAnswer, GitPushPolicy } from './git-access.ts';
import { parseGitRequest, type GitService } from './git-request.ts';
import { gitTextResponse, repositoryNotFoundResponse } from './git-responses.ts';
import { runHttpBackend, type HttpBackendExit } from './http-backend.ts';
import { resolveRepository, type RepositoryLocation } from './repository-location.ts';

/** A `git http-backend` process that ended, with the repository it served. */
export interface GitBackendExit extends HttpBackendExit {
  readonly fullPath: string;
}

export interface GitRoutesOptions {
  /** Where the repository of a full path lives, or undefined when there is none. */
  readonly locate: (
    fullPath: string,
  ) => RepositoryLocation | undefined | Promise<RepositoryLocation | undefined>;
  /** Who may read a repository (geoRepositoryAuthorizer on the primary). Runs before locate. */
  readonly authorize: GitAuthorize;
  /**
   * What a push gets (a secondary: a redirect to the same path on the primary). Without it
   * pushes are refused with 403.
   */
  readonly push?: GitPushPolicy;
  /** Default `git` on PATH. */
  readonly gitBinary?: string;
  /** Told about each unexpected error (answered with a bare 500) and each escaping path (403). */
  readonly onError?: (error: Error) => void;
  /** Told when each `git http-backend` process has ended (its code or signal, and stderr). */
  readonly onBackendExit?: (exit: GitBackendExit) => void;
}

const GZIP = new Set(['gzip', 'x-gzip']);
const PUSH_REFUSED =
  'git push is not accepted here: this Geo site serves repositories read-only ' +
  '(git-upload-pack). Push to the primary site.';

/**
 * Serves git repositories read-only over smart HTTP through the system `git http-backend`:
 * `GET /<full_path>.git/info/refs?service=git-upload-pack` and
 * `POST /<full_path>.git/git-upload-pack`. In order: a request for anything else is 400, 404 or
 * 405; a push (`git-receive-pack`) gets what `push` says (default 403); then `authorize` decides
 * (a 401, 403, 404 or 503 of its own, or the repository's 404); then a repository that `locate` does not know, or that is not on disk, is the 404 of
 * REPOSITORY_NOT_FOUND_GEO_CODE; one outside its storage root is 403. The backend is stopped
 * when the client goes away.
 *
 * @example
 * const app = new Hono();
 * app.route('/', gitRoutes({
 *   locate: (fullPath) => ({ root: '/var/repos', diskPath: fullPath }),
 *   authorize: geoRepositoryAuthorizer({ nodes: site.nodes }),
 * }));
 */
export function gitRoutes(options: GitRoutesOptions): Hono {
  const app = new Hono();

  app.on(['GET', 'POST'], '*', async (c) => {
    const raw = c.req.raw;
    const url = new URL(raw.url);
    // The method as sent: Hono answers HEAD with its GET handler and drops the body, which would
    // leave a backend writing to nobody.
    const request = parseGitRequest(raw.method, url.pathname, url.searchParams.get('service'));
    if (request.kind === 'rejected') return gitTextResponse(request.status, request.message);
    if (request.service === 'git-receive-pack') {
      return pushResponse(
        (await options.push?.(url.pathname + url.search)) ?? {
          kind: 'refused',
          status: 403,
          message: PUSH_REFUSED,
        },
      );
    }

    const access = await options.authorize(raw, request.fullPath);
    switch (access.kind) {
      case 'denied':
        return gitTextResponse(
          access.status,
          access.message,
          access.challenge === undefined ? {} : { 'WWW-Authenticate': access.challenge },
        );
      case 'not-found':
        return repositoryNotFoundResponse(request.fullPath);
      case 'granted':
        break;
    }

    const location = await options.locate(request.fullPath);
    if (location === undefined) return repositoryNotFoundResponse(request.fullPath);
    const repository = await resolveRepository(request.fullPath, location);
    switch (repository.kind) {
      case 'not-found':
        return repositoryNotFoundResponse(request.fullPath);
      case 'outside-root':
        options.onError?.(repository.error);
        return gitTextResponse(403, 'This repository is outside its storage root: not served');
      case 'found':
        break;
    }

    const encoding = raw.headers.get('Content-Encoding')?.toLowerCase();
    if (encoding !== undefined && encoding !== 'identity' && !GZIP.has(encoding)) {
      return gitTextResponse(415, `Content-Encoding ${encoding} is not supported: use gzip`);
    }
    const run = runHttpBackend({
      gitDir: repository.gitDir,
      ...backendTarget(request.kind, request.service),
      contentType: raw.headers.get('Content-Type') ?? undefined,
      contentLength: decimal(raw.headers.get('Content-Length')),
      contentEncoding: encoding !== undefined && GZIP.has(encoding) ? encoding : undefined,
      gitProtocol: raw.headers.get('Git-Protocol') ?? undefined,
      body: raw.body,
      signal: raw.signal,
      ...(options.gitBinary !== undefined && { gitBinary: options.gitBinary }),
    });
    void run.exited.then((exit) =>
      options.onBackendExit?.({ ...exit, fullPath: request.fullPath }),
    );
    return run.response;
  });

  app.onError((cause) => {
    options.onError?.(cause);
    return gitTextResponse(500, '500 Internal Server Error');
  });
  return app;
}

function pushResponse(answer: GitPushAnswer): Response {
  if (answer.kind === 'refused') return gitTextResponse(answer.status, answer.message);
  return new Response(null, {
    status: 302,
    headers: { Location: answer.location, 'Cache-Control': 'no-store' },
  });
}

function backendTarget(
  kind: 'advertisement' | 'rpc',
  service: GitService,
): { pathInfo: string; method: 'GET' | 'POST'; queryString: string } {
  return kind === 'advertisement'
    ? { pathInfo: '/info/refs', method: 'GET', queryString: `service=${service}` }
    : { pathInfo: `/${service}`, method: 'POST', queryString: '' };
}

function decimal(value: string | null): string | undefined {
  return value !== null && /^[0-9]+$/.test(value) ? value : undefined;
}
