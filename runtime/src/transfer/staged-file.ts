import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** What was written into a staged file. */
export interface StagedContent {
  readonly bytes: number;
  /** SHA256, lowercase hex, computed while writing. */
  readonly checksum: string;
}

/**
 * A temporary file in the destination's own directory: written and hashed in one pass, then
 * either renamed over the destination (atomic, as both are on one file system) or removed.
 * Readers of the destination never see a partial file.
 *
 * @example
 * const staged = await StagedFile.beside('/srv/geo/package_files/7/file.bin');
 * try {
 *   const { checksum } = await staged.write(response.body);
 *   if (checksum === expected) await staged.commit();
 * } finally {
 *   await staged.discard(); // no-op after commit
 * }
 */
export class StagedFile {
  #state: 'open' | 'committed' | 'discarded' = 'open';

  private constructor(
    readonly path: string,
    readonly destination: string,
  ) {}

  /** Creates the destination's directory if needed and picks a fresh temporary name in it. */
  static async beside(destination: string): Promise<StagedFile> {
    const directory = dirname(destination);
    await mkdir(directory, { recursive: true });
    const name = `${basename(destination)}.tmp-${randomBytes(6).toString('hex')}`;
    return new StagedFile(join(directory, name), destination);
  }

  /**
   * Streams `source` into the file (which must not exist yet), hashing as it goes; `onChunk` sees
   * each chunk's size. Flushed to disk before it resolves, so a commit survives a crash.
   */
  async write(
    source: AsyncIterable<Uint8Array>,
    options: { readonly onChunk?: (size: number) => void; readonly signal?: AbortSignal } = {},
  ): Promise<StagedContent> {
    const hash = createHash('sha256');
    let bytes = 0;
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          bytes += chunk.byteLength;
          options.onChunk?.(chunk.byteLength);
          yield chunk;
        }
      },
      createWriteStream(this.path, { flags: 'wx', flush: true }),
      ...(options.signal ? [{ signal: options.signal }] : []),
    );
    return { bytes, checksum: hash.digest('hex') };
  }

  /** Moves the file over the destination in one rename. */
  async commit(): Promise<void> {
    if (this.#state !== 'open')
      throw new Error(`Staged file ${this.path} is already ${this.#state}.`);
    await rename(this.path, this.destination);
    this.#state = 'committed';
  }

  /** Removes the file unless it was committed. Safe to call any number of times. */
  async discard(): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'discarded';
    await rm(this.path, { force: true });
  }
}
