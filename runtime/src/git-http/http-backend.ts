import { spawn } from 'node:child_process';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { findCgiHeadEnd, parseCgiHead } from './cgi-response.ts';
import { HttpBackendError } from './errors.ts';

/** One request for `git http-backend`, already checked: the repository exists and may be read. */
export interface HttpBackendRequest {
  /** The repository's real path; it becomes `GIT_PROJECT_ROOT`, so git sees nothing above it. */
  readonly gitDir: string;
  /** Below the repository: `/info/refs` or `/git-upload-pack`. */
  readonly pathInfo: string;
  readonly method: 'GET' | 'POST';
  readonly queryString: string;
  readonly contentType?: string;
  readonly contentLength?: string;
  /** `gzip` as git sends large requests; http-backend inflates it. */
  readonly contentEncoding?: string;
  /** The `Git-Protocol` header (`version=2`), which http-backend passes on to upload-pack. */
  readonly gitProtocol?: string;
  readonly body: ReadableStream<Uint8Array> | null;
  /** Aborted when the client goes away: the backend is stopped. */
  readonly signal: AbortSignal;
  /** Default `git`, found on PATH. */
  readonly gitBinary?: string;
}

/** How a backend process ended, once its output streams are closed. */
export interface HttpBackendExit {
  readonly pid: number | undefined;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The start of its standard error (git's own messages). */
  readonly stderr: string;
}

export interface HttpBackendRun {
  /** Its CGI response as an HTTP response whose body streams the rest of its output. */
  readonly response: Promise<Response>;
  readonly exited: Promise<HttpBackendExit>;
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_STDERR_BYTES = 16 * 1024;

/**
 * Runs `git http-backend` for one request, as a web server runs a CGI script: the request body
 * streams to its standard input, its headers become the response's, its output streams back. It
 * is stopped (SIGTERM, which makes git stop its own upload-pack too) when the client aborts or
 * cancels the body, and when its output is malformed.
 *
 * @example
 * const run = runHttpBackend({ gitDir, pathInfo: '/info/refs', method: 'GET',
 *   queryString: 'service=git-upload-pack', body: null, signal: c.req.raw.signal });
 * return run.response;
 */
export function runHttpBackend(request: HttpBackendRequest): HttpBackendRun {
  const child = spawn(request.gitBinary ?? 'git', ['http-backend'], {
    cwd: request.gitDir,
    env: cgiEnvironment(request),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr = collectStart(child.stderr, MAX_STDERR_BYTES);
  const terminate = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const exited = new Promise<HttpBackendExit>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null) =>
      resolve({ pid: child.pid, code, signal, stderr: stderr() });
    child.once('close', done);
    // A process that never started (no git on PATH) may not report `close`.
    child.once('error', (error) => {
      stderr.add(`${request.gitBinary ?? 'git'}: ${error.message}`);
      if (child.pid === undefined) done(null, null);
    });
  });

  const { signal } = request;
  if (signal.aborted) terminate();
  else signal.addEventListener('abort', terminate, { once: true });
  void exited.then(() => signal.removeEventListener('abort', terminate));

  // A backend that answers before reading everything (or dies) closes its input: EPIPE is
  // expected then, and the request body is cancelled.
  feed(request.body, child.stdin).catch(terminate);

  const response = readResponse(child.stdout, terminate, exited);
  response.catch(terminate);
  return { response, exited };
}

function cgiEnvironment(request: HttpBackendRequest): NodeJS.ProcessEnv {
  const optional = (name: string, value: string | undefined) =>
    value === undefined || value === '' ? {} : { [name]: value };
  // Nothing else of this process's environment: a GIT_DIR or GIT_CONFIG_* of ours must not
  // change what the backend serves.
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...optional('HOME', process.env.HOME),
    GIT_PROJECT_ROOT: request.gitDir,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: request.pathInfo,
    QUERY_STRING: request.queryString,
    REQUEST_METHOD: request.method,
    ...optional('CONTENT_TYPE', request.contentType),
    ...optional('CONTENT_LENGTH', request.contentLength),
    ...optional('HTTP_CONTENT_ENCODING', request.contentEncoding),
    ...optional('HTTP_GIT_PROTOCOL', request.gitProtocol),
  };
}

async function feed(body: ReadableStream<Uint8Array> | null, stdin: Writable): Promise<void> {
  stdin.on('error', () => {}); // reported through pipeline's rejection
  if (body === null) {
    stdin.end();
    return;
  }
  await pipeline(Readable.from(chunksOf(body)), stdin);
}

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopped early (the backend is gone): the rest of the upload is not wanted.
    await reader.cancel().catch(() => {});
  }
}

async function readResponse(
  stdout: Readable,
  terminate: () => void,
  exited: Promise<HttpBackendExit>,
): Promise<Response> {
  const chunks: AsyncIterator<Buffer> = stdout[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  for (;;) {
    const next = await chunks.next();
    if (next.done === true) {
      const exit = await exited;
      throw new HttpBackendError(`ended (${describeExit(exit)}) before its headers`, exit.stderr);
    }
    head = Buffer.concat([head, next.value]);
    const end = findCgiHeadEnd(head);
    if (end === undefined) {
      if (head.length > MAX_HEAD_BYTES) throw new HttpBackendError('sent oversized headers', '');
      continue;
    }
    const parsed = parseCgiHead(head.subarray(0, end.headEnd).toString('latin1'));
    if (!parsed) throw new HttpBackendError('sent malformed CGI headers', '');
    const body = streamRest(head.subarray(end.bodyStart), chunks, terminate);
    return new Response(body, { status: parsed.status, headers: parsed.headers });
  }
}

/** The body: what came with the headers, then the rest of the output as the client reads it. */
function streamRest(
  first: Uint8Array,
  chunks: AsyncIterator<Buffer>,
  terminate: () => void,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.byteLength > 0) controller.enqueue(first);
    },
    async pull(controller) {
      const next = await chunks.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      terminate();
      await chunks.return?.();
    },
  });
}

function describeExit(exit: HttpBackendExit): string {
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  return exit.code === null ? 'did not start' : `exit code ${exit.code}`;
}

/** The first `limit` bytes of a stream, as text; the rest is read and dropped. */
function collectStart(
  stream: Readable,
  limit: number,
): (() => string) & { add(text: string): void } {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    if (text.length < limit) text += chunk.slice(0, limit - text.length);
  });
  return Object.assign(() => text, {
    add(more: string) {
      text += text === '' ? more : `\n${more}`;
    },
  });
}
