import { PassThrough } from 'node:stream';

/** A writable stream that keeps everything written to it, as text. */
export interface CapturedStream {
  readonly stream: PassThrough;
  text(): string;
}

export function captureStream(): CapturedStream {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}
