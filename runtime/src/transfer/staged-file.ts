import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** What was written into a staged file. */
export interface StagedContent {
  readonly bytes: number;
  /** SHA256, lowercase hex, computed while writing. */
  readonly checksum: string;
}

/** A staged file is named `<destination's name>.tmp-<12 hex digits>`, in the destination's directory. */
const TEMP_INFIX = '.tmp-';
const TEMP_SUFFIX = /^\.tmp-[0-9a-f]{12}$/;

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
    const name = `${basename(destination)}${TEMP_INFIX}${randomBytes(6).toString('hex')}`;
    return new StagedFile(join(directory, name), destination);
  }

  /**
   * Removes the temporary files a writer killed mid-write left beside `destination` (only names
   * `beside` makes); returns how many.
   */
  static async removeLeftovers(destination: string): Promise<number> {
    const name = basename(destination);
    let entries: string[];
    try {
      entries = await readdir(dirname(destination));
    } catch {
      return 0; // No directory, no leftovers.
    }
    const leftovers = entries.filter(
      (entry) => entry.startsWith(name) && TEMP_SUFFIX.test(entry.slice(name.length)),
    );
    for (const entry of leftovers) await rm(join(dirname(destination), entry), { force: true });
    return leftovers.length;
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
