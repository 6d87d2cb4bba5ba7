/**
 * `geo-gen … | head -1`: once the reader has what it wants it closes the pipe, and the next
 * write fails with EPIPE, emitted as an 'error' event that would crash the process with a stack.
 * That is not a failure of the command: what it writes after that has nobody to read it, so the
 * run goes on and ends with its own exit code and messages. Other stream errors keep Node's
 * behaviour. Listens for as long as the stream lives (a write may fail after `main()` returns).
 */
export function tolerateBrokenPipe(stream: NodeJS.WritableStream): void {
  if (stream.listeners('error').includes(onError)) return;
  stream.on('error', onError);
}

function onError(this: NodeJS.WritableStream, error: unknown): void {
  if (isBrokenPipe(error)) return;
  // Someone else listens: theirs to handle. Otherwise fail as Node would without this listener.
  if (this.listenerCount('error') > 1) return;
  throw error;
}

function isBrokenPipe(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED')
  );
}
