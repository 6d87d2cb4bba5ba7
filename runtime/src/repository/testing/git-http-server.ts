import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { repositoryNotFoundResponse } from '../../git-http/git-responses.ts';

/** One request the server received. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, e.g. `/group/project.git/info/refs?service=git-upload-pack`. */
  readonly url: string;
  readonly authorization: string | undefined;
}

/**
 * Runs before a request is served: it may hold it (by awaiting), or answer it and return
 * `'answered'` so that git http-backend does not.
 */
export type Intercept = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<'answered' | 'serve'>;

/** A smart-HTTP git server for tests. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly ReceivedRequest[];
  /** Stops the server, its connections and any http-backend still running. Idempotent. */
  close(): Promise<void>;
}

/** Splits CGI output into its header block and the start of the body. */
function splitCgiHead(output: Buffer): { head: string; body: Buffer } | undefined {
  for (const separator of ['\r\n\r\n', '\n\n']) {
    const at = output.indexOf(separator);
    if (at !== -1)
      return {
        head: output.subarray(0, at).toString('latin1'),
        body: output.subarray(at + separator.length),
      };
  }
  return undefined;
}

/** `/group/project.git/info/refs` → `group/project`; undefined for a path that names no repository. */
function repositoryPathOf(url: URL): string | undefined {
  return /^\/(.+)\.git\/(?:info\/refs|git-upload-pack|git-receive-pack)$/.exec(url.pathname)?.[1];
}

/** Answers with the Geo git route's 404 when the repository is not under `root`, as a primary does. */
async function answeredMissing(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const fullPath = repositoryPathOf(new URL(request.url ?? '/', 'http://localhost'));
  if (fullPath === undefined) return false;
  const found = await stat(join(root, `${fullPath}.git`)).catch(() => undefined);
  if (found?.isDirectory()) return false;
  const answer = repositoryNotFoundResponse(fullPath);
  response.statusCode = answer.status;
  answer.headers.forEach((value, name) => response.setHeader(name, value));
  response.end(await answer.text());
  return true;
}

/** Pipes one request through `git http-backend` (a CGI program) and its answer back. */
function serveThroughHttpBackend(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
  children: Set<ChildProcess>,
): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const header = (name: string) => request.headers[name]?.toString() ?? '';
  const child = spawn('git', ['http-backend'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: devNull,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: devNull,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      REQUEST_METHOD: request.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: header('content-type'),
      HTTP_CONTENT_ENCODING: header('content-encoding'),
      GIT_PROTOCOL: header('git-protocol'),
      REMOTE_ADDR: request.socket.remoteAddress ?? '127.0.0.1',
    },
  });
  children.add(child);
  child.on('close', () => children.delete(child));
  request.pipe(child.stdin);
  child.stdin.on('error', () => {}); // http-backend may answer (404) before reading the body.

  let pending: Buffer = Buffer.alloc(0);
  let headSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headSent) {
      response.write(chunk);
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    const split = splitCgiHead(pending);
    if (!split) return;
    headSent = true;
    let status = 200;
    for (const line of split.head.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    response.statusCode = status;
    response.write(split.body);
  });
  child.on('close', () => {
    if (!headSent) response.statusCode = 502;
    response.end();
  });
}

/**
 * Serves the bare repositories under `root` over git's smart HTTP protocol on a free loopback
 * port, through the system `git http-backend`, as a primary does (a repository not under `root`
 * gets the Geo git route's documented 404); records each request.
 *
 * @example
 * const server = await startGitHttpServer(root, { intercept: (req, res) => ... });
 * try { await syncRepository({ url: `${server.url}/project.git`, ... }); } finally { await server.close(); }
 */
export async function startGitHttpServer(
  root: string,
  options: { readonly intercept?: Intercept } = {},
): Promise<GitHttpServer> {
  const requests: ReceivedRequest[] = [];
  const children = new Set<ChildProcess>();
  const server = createServer((request, response) => {
    requests.push({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      authorization: request.headers.authorization,
    });
    void (async () => {
      const decision = options.intercept ? await options.intercept(request, response) : 'serve';
      if (decision !== 'serve' || (await answeredMissing(root, request, response))) return;
      serveThroughHttpBackend(root, request, response, children);
    })().catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Expected a TCP address.');
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        ...[...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once('close', () => resolve());
              child.kill();
            }),
        ),
      ]).then(() => undefined);
      return closing;
    },
  };
}
