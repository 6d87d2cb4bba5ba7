import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { IncompleteTransferError } from './errors.ts';
import { InactivityTimeout } from './inactivity-timeout.ts';
import { StagedFile } from './staged-file.ts';
import { FILE_NOT_FOUND_GEO_CODE } from './retrieve-api.ts';

/** One file to fetch from the primary into place. */
export interface BlobTransferRequest {
  readonly url: URL;
  /** The `GL-Geo …` header; sent to the primary only, never to a redirect's target. */
  readonly authorization: string;
  /** The absolute path the file ends up at; the temporary file is made beside it. */
  readonly destination: string;
  /** The checksum the file must have, asked once its bytes are in; null when there is none yet. */
  readonly expectedChecksum: () => Promise<string | null>;
  /** Abort when no byte arrives for this long. */
  readonly inactivityTimeoutMs: number;
  /** Aborts the transfer from outside (the lease was lost, the worker is stopping). */
  readonly signal?: AbortSignal;
  readonly fetch?: typeof fetch;
}

/** How a transfer ended. Only `downloaded` leaves a file behind: at the destination. */
export type BlobTransferOutcome =
  | { readonly kind: 'downloaded'; readonly bytes: number; readonly checksum: string }
  | {
      readonly kind: 'http-error';
      readonly status: number;
      readonly url: string;
      /** 404 with `geo_code: FILE_NOT_FOUND`: the record exists on the primary, its file does not. */
      readonly missingOnPrimary: boolean;
    }
  | {
      readonly kind: 'checksum-mismatch';
      readonly primaryChecksum: string;
      readonly actualChecksum: string;
    }
  | { readonly kind: 'error'; readonly error: unknown; readonly url: string };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a file from the primary into `destination`: streamed into a temporary file beside it
 * while hashing, compared with the primary's checksum when there is one, then renamed into place.
 * Every other ending (HTTP status, refused or cut connection, silence, mismatch) removes the
 * temporary file and leaves the destination as it was.
 *
 * @example
 * const outcome = await transferBlob({
 *   url: geoRetrieveUrl(primary.internalUrl, 'package_file', 7),
 *   authorization: await geoTransferAuthorization(secondaryNode, { replicableName: 'package_file', replicableId: 7 }),
 *   destination: '/srv/geo/package_files/7/file.bin',
 *   expectedChecksum: async () => null,
 *   inactivityTimeoutMs: 60_000,
 * });
 */
export async function transferBlob(request: BlobTransferRequest): Promise<BlobTransferOutcome> {
  const timeout = new InactivityTimeout(request.inactivityTimeoutMs);
  const signal = request.signal
    ? AbortSignal.any([timeout.signal, request.signal])
    : timeout.signal;
  let url = request.url;
  let staged: StagedFile | undefined;
  try {
    let response = await get(request, url, { Authorization: request.authorization }, signal);
    const location = response.headers.get('location');
    if (REDIRECT_STATUSES.has(response.status) && location) {
      // Followed once, without our credentials: they are for the primary, not for whatever
      // (object storage, a CDN) it points us to.
      await response.body?.cancel();
      url = new URL(location, url);
      response = await get(request, url, {}, signal);
    }
    if (!response.ok) {
      const missingOnPrimary = response.status === 404 && (await isFileNotFound(response));
      if (!response.bodyUsed) await response.body?.cancel();
      return {
        kind: 'http-error',
        status: response.status,
        url: url.href,
        missingOnPrimary,
      };
    }

    const announced = contentLength(response);
    let received = 0;
    staged = await StagedFile.beside(request.destination);
    const written = await staged
      .write(bodyOf(response), {
        onChunk: (size) => {
          received += size;
          timeout.touch();
        },
        signal,
      })
      .catch((cause: unknown) => {
        // A cut connection reads as "terminated"; say what it means, unless we aborted ourselves.
        if (announced === undefined || signal.aborted || received >= announced) throw cause;
        throw new IncompleteTransferError(received, announced, { cause });
      });
    if (announced !== undefined && announced !== written.bytes) {
      throw new IncompleteTransferError(written.bytes, announced);
    }
    timeout.stop();

    const expected = await request.expectedChecksum();
    if (expected !== null && expected !== written.checksum) {
      return {
        kind: 'checksum-mismatch',
        primaryChecksum: expected,
        actualChecksum: written.checksum,
      };
    }
    await staged.commit();
    return { kind: 'downloaded', bytes: written.bytes, checksum: written.checksum };
  } catch (error) {
    // An abort surfaces as a generic AbortError; the signal's reason says which one it was.
    return { kind: 'error', error: signal.aborted ? signal.reason : error, url: url.href };
  } finally {
    timeout.stop();
    await staged?.discard();
  }
}

function get(
  request: BlobTransferRequest,
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Response> {
  const fetchImpl = request.fetch ?? fetch;
  return fetchImpl(url, { headers, signal, redirect: 'manual' });
}

function contentLength(response: Response): number | undefined {
  const header = response.headers.get('content-length');
  const length = header === null ? NaN : Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

function bodyOf(response: Response): AsyncIterable<Uint8Array> {
  if (!response.body) return Readable.from([]);
  return Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
}

async function isFileNotFound(response: Response): Promise<boolean> {
  try {
    const body: unknown = await response.json();
    return (
      typeof body === 'object' &&
      body !== null &&
      (body as { geo_code?: unknown }).geo_code === FILE_NOT_FOUND_GEO_CODE
    );
  } catch {
    return false;
  }
}
