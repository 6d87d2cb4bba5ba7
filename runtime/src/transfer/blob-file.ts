import { open, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { UnsafeBlobPathError } from '../uploader/uploader.ts';

/** One record's file, open for reading. Whoever receives it closes `handle` (or streams it). */
export interface OpenBlobFile {
  readonly handle: FileHandle;
  readonly size: number;
}

/** What the primary found for a transfer request. */
export type BlobFileLookup =
  | { readonly kind: 'found'; readonly file: OpenBlobFile }
  /** No blob replicator of that name in this application. */
  | { readonly kind: 'unknown-replicable' }
  | { readonly kind: 'record-not-found'; readonly model: string }
  /** The record exists but its file does not (or is not where its uploader may serve it from). */
  | { readonly kind: 'file-not-found'; readonly model: string };

/**
 * Opens the file of record `id` of the blob replicable `replicableName`, through its replicator's
 * uploader only. The uploader's path is already confined to the site's storage root; this also
 * resolves symbolic links, so a link inside the storage cannot serve a file outside it.
 *
 * @example
 * const found = await openBlobFile(site, REPLICATOR_CLASSES, 'package_file', 42);
 * if (found.kind === 'found') found.file.handle.createReadStream().pipe(response);
 */
export async function openBlobFile(
  site: GeoSite,
  replicatorClasses: readonly ReplicatorClass[],
  replicableName: string,
  id: number,
): Promise<BlobFileLookup> {
  const replicatorClass = replicatorClasses.find(
    (candidate) => candidate.replicableName === replicableName,
  );
  if (replicatorClass?.strategy !== 'blob') return { kind: 'unknown-replicable' };
  const model = replicatorClass.model;
  const record = await model.findById(site, id);
  if (!record) return { kind: 'record-not-found', model: model.name };

  const uploader = await record.replicator.uploader();
  const notFound = { kind: 'file-not-found', model: model.name } as const;
  let path: string | null;
  try {
    path = uploader.path;
  } catch (error) {
    // A stored path that would leave the storage root: there is no file we may serve.
    if (error instanceof UnsafeBlobPathError) return notFound;
    throw error;
  }
  if (path === null) return notFound;

  const real = await realPathInside(uploader.root, path);
  if (real === undefined) return notFound;
  let handle: FileHandle;
  try {
    handle = await open(real, 'r');
  } catch (error) {
    if (isMissing(error)) return notFound;
    throw error;
  }
  try {
    // Size from the open handle: the file we measure is the file we stream.
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      return notFound;
    }
    return { kind: 'found', file: { handle, size: stats.size } };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The real path of `path` when it exists and lies inside the real `root`; otherwise undefined. */
async function realPathInside(root: string, path: string): Promise<string | undefined> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(path)]);
    const inside = relative(realRoot, realFile);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
    return realFile;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}
