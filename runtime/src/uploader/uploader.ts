import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where a file is stored: on this site's disk, or in object storage (not replicated by default). */
export const FILE_STORES = { local: 1, remote: 2 } as const;
export type FileStore = keyof typeof FILE_STORES;

/** The columns a model needs to mount an uploader (`file`, `file_store`, `size`). */
export interface UploadedFileColumns {
  readonly id: number;
  readonly file: string | null;
  readonly file_store: number;
}

export class UnsafeBlobPathError extends Error {
  override readonly name = 'UnsafeBlobPathError';
  constructor(readonly blobPath: string) {
    super(
      `Blob path ${JSON.stringify(blobPath)} escapes the uploader's storage root; refusing to touch it.`,
    );
  }
}

/** Resolves a relative blob path under `root`, refusing anything that would leave it. */
export function resolveBlobPath(root: string, blobPath: string): string {
  if (blobPath === '' || isAbsolute(blobPath) || blobPath.includes('\0'))
    throw new UnsafeBlobPathError(blobPath);
  const full = resolve(root, blobPath);
  const inside = relative(resolve(root), full);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside))
    throw new UnsafeBlobPathError(blobPath);
  return full;
}

export type UploadContent = Uint8Array | string | Readable;

/**
 * A stored file of one record (the equivalent of a CarrierWave uploader). Each site keeps its
 * files under its own storage root; `storeDir()` places a record's file below it.
 *
 * @example
 * class AvatarUploader extends Uploader<Avatar['row']> {
 *   storeDir() { return `avatars/${this.record.id}`; }
 * }
 */
export abstract class Uploader<R extends UploadedFileColumns = UploadedFileColumns> {
  constructor(
    /** The site's storage root (`GeoSite.storageRoot`). */
    readonly root: string,
    readonly record: R,
  ) {}

  /** The record's folder, relative to the storage root. */
  abstract storeDir(): string;

  /** The file's path relative to the storage root: the blob path sent between sites. */
  get relativePath(): string | null {
    return this.record.file === null ? null : join(this.storeDir(), this.record.file);
  }

  /** The absolute path on this site, or null when no file is attached. */
  get path(): string | null {
    const relativePath = this.relativePath;
    return relativePath === null ? null : resolveBlobPath(this.root, relativePath);
  }

  get local(): boolean {
    return this.record.file_store === FILE_STORES.local;
  }

  async exists(): Promise<boolean> {
    const path = this.path;
    if (path === null) return false;
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  }

  /** Writes the file atomically (temp file in the same folder, then rename). Returns its size. */
  async store(
    content: UploadContent,
    fileName = this.record.file,
  ): Promise<{ file: string; size: number }> {
    if (!fileName) throw new Error(`${this.constructor.name}: store() needs a file name.`);
    const path = resolveBlobPath(this.root, join(this.storeDir(), fileName));
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) {
        await writeFile(temp, content);
      } else {
        await pipeline(content, createWriteStream(temp));
      }
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { file: fileName, size: (await stat(path)).size };
  }

  /** A stream of the file's bytes; throws ENOENT when it is missing. */
  open(): ReadStream {
    const path = this.path;
    if (path === null)
      throw new Error(`${this.constructor.name} for record ${this.record.id} has no file.`);
    return createReadStream(path);
  }

  async delete(): Promise<void> {
    const path = this.path;
    if (path !== null) await rm(path, { force: true });
  }
}

/** The part of an uploader class the framework uses without an instance. */
export interface UploaderClass {
  readonly name: string;
}
