import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import { renewWhileRunning } from '../leases/lease-renewal.ts';
import {
  blobDownloadLeaseKey,
  type BlobDownloader,
  type BlobDownloadResult,
  type BlobReplicator,
} from '../replicator/blob-replicator.ts';
import type { Registry } from '../registry/registry.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { checksumFromBytes } from '../verification/checksum.ts';
import { geoTransferAuthorization } from './authorization-header.ts';
import { transferBlob, type BlobTransferOutcome } from './blob-transfer.ts';
import { describeError, DownloadLeaseLostError } from './errors.ts';
import { geoRetrieveUrl } from './retrieve-api.ts';

export interface HttpBlobDownloaderOptions {
  /** Give up when no byte arrives from the primary for this long (default 60 s). */
  readonly inactivityTimeoutMs?: number;
  /**
   * TTL of the per-registry download lease (default 10 min). It is renewed while the download
   * runs, so this bounds how long a crashed worker blocks the next attempt, not the download.
   */
  readonly leaseTtlMs?: number;
  /** The fetch to use (a proxy-aware one, say); default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** The registry failure reasons, as the original words them (admins search logs for these). */
export const DOWNLOAD_FAILURE_REASONS = {
  noPrimary: 'Skipping transfer as there is no Primary node to download from',
  noFile: 'Skipping transfer due to validation error: the record has no file attached',
  missingOnPrimary: 'The file is missing on the Geo primary site',
  checksumMismatch: 'Downloaded file checksum mismatch',
  transferError: 'Error downloading file',
  unexpected: 'Error while attempting to sync',
} as const;

const DEFAULT_INACTIVITY_TIMEOUT_MS = 60_000;
const DEFAULT_LEASE_TTL_MS = 10 * 60_000;

type Failure = Extract<BlobDownloadResult, { kind: 'failed' }>;
type Attempt =
  | { readonly kind: 'downloaded'; readonly bytes: number; readonly checksum: string }
  | (Failure & { readonly error?: string });

/**
 * A secondary's `BlobDownloader` over HTTP (`Geo::BlobDownloadService`): for one registry at a
 * time (a lease in the tracking database), it starts the registry, fetches the file from the
 * primary's retrieve API with a signed `GL-Geo` token, checks it against the primary's SHA256
 * when there is one, moves it into place, and marks the registry synced, or failed with the
 * reason and a retry time.
 *
 * @example
 * const site = await GeoSite.load({
 *   ...options,
 *   fetchers: (site) => ({ blob: new HttpBlobDownloader(site, { inactivityTimeoutMs: 30_000 }) }),
 * });
 * await new PackageFileReplicator(site, { modelRecordId: 7 }).sync();
 */
export class HttpBlobDownloader implements BlobDownloader {
  readonly #site: GeoSite;
  readonly #inactivityTimeoutMs: number;
  readonly #leaseTtlMs: number;
  readonly #fetch: typeof fetch | undefined;

  constructor(site: GeoSite, options: HttpBlobDownloaderOptions = {}) {
    this.#site = site;
    this.#inactivityTimeoutMs = positive(
      'inactivityTimeoutMs',
      options.inactivityTimeoutMs ?? DEFAULT_INACTIVITY_TIMEOUT_MS,
    );
    this.#leaseTtlMs = positive('leaseTtlMs', options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS);
    this.#fetch = options.fetch;
  }

  /** The lease key of one registry's download (the blob strategy's `syncLeaseKey`). */
  static leaseKey(replicableName: string, modelRecordId: number): string {
    return blobDownloadLeaseKey(replicableName, modelRecordId);
  }

  async download(replicator: BlobReplicator): Promise<BlobDownloadResult> {
    if (!this.#site.isSecondary()) return { kind: 'skipped', reason: 'not-secondary' };
    // The strategy's key: the timeout sweep looks for this lease to tell a live download.
    const lease = new ExclusiveLease(
      this.#site.trackingDb,
      replicator.syncLeaseKey,
      this.#leaseTtlMs,
    );
    if (!(await lease.tryObtain())) return { kind: 'skipped', reason: 'already-running' };
    const renewal = renewWhileRunning(lease, (lost) => new DownloadLeaseLostError(lost));
    try {
      return await this.#syncRegistry(replicator, renewal.signal);
    } finally {
      renewal.stop();
      await lease.release();
    }
  }

  async #syncRegistry(
    replicator: BlobReplicator,
    signal: AbortSignal,
  ): Promise<BlobDownloadResult> {
    const registry = await replicator.registry();
    try {
      if (await replicator.okToSkipDownload(registry)) {
        // Under the download lease, so no transfer of this record runs meanwhile.
        await registry.start();
        const synced = await registry.synced();
        return synced.kind === 'synced'
          ? { kind: 'already-present' }
          : { kind: 'reset-mid-sync', state: synced.state };
      }
      await registry.start();
      const attempt = await this.#attempt(replicator, signal);
      if (attempt.kind === 'failed') {
        const { error, ...failure } = attempt;
        await registry.failed({
          message: failure.reason,
          ...(error !== undefined && { error }),
          missingOnPrimary: failure.missingOnPrimary,
        });
        return failure;
      }
      const synced = await registry.synced();
      return synced.kind === 'synced'
        ? { kind: 'synced', bytes: attempt.bytes, checksum: attempt.checksum }
        : { kind: 'reset-mid-sync', state: synced.state };
    } catch (error) {
      // Anything unforeseen (a database error, a row left `started` by a crashed worker) still
      // ends in `failed`, so the registry is retried with backoff instead of sitting stuck.
      return failUnexpectedly(registry, error);
    }
  }

  async #attempt(replicator: BlobReplicator, signal: AbortSignal): Promise<Attempt> {
    const primary = await this.#site.nodes.primary();
    if (!primary) return failure(DOWNLOAD_FAILURE_REASONS.noPrimary);
    const destination = (await replicator.uploader()).path;
    if (destination === null) return failure(DOWNLOAD_FAILURE_REASONS.noFile);

    const name = replicator.replicableName;
    const id = replicator.modelRecordId;
    const model = replicator.replicatorClass.model;
    const outcome = await transferBlob({
      url: geoRetrieveUrl(primary.internalUrl, name, id),
      authorization: await geoTransferAuthorization(this.#site.node, {
        replicableName: name,
        replicableId: id,
      }),
      destination,
      // Read after the bytes are in: the latest checksum the primary has is the one to meet.
      expectedChecksum: async () => checksumFromBytes(await model.primaryChecksum(this.#site, id)),
      inactivityTimeoutMs: this.#inactivityTimeoutMs,
      signal,
      ...(this.#fetch && { fetch: this.#fetch }),
    });
    return attemptFrom(outcome);
  }
}

function positive(option: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `HttpBlobDownloader: ${option} must be a positive number of milliseconds, got ${value}.`,
    );
  }
  return value;
}

function attemptFrom(outcome: BlobTransferOutcome): Attempt {
  switch (outcome.kind) {
    case 'downloaded':
      return outcome;
    case 'http-error':
      return failure(
        outcome.missingOnPrimary
          ? DOWNLOAD_FAILURE_REASONS.missingOnPrimary
          : `Non-success HTTP response status code ${outcome.status}`,
        { status_code: outcome.status, url: outcome.url },
        { missingOnPrimary: outcome.missingOnPrimary },
      );
    case 'checksum-mismatch':
      return failure(DOWNLOAD_FAILURE_REASONS.checksumMismatch, {
        primary_checksum: outcome.primaryChecksum,
        actual_checksum: outcome.actualChecksum,
      });
    case 'error': {
      const error = describeError(outcome.error);
      return failure(
        DOWNLOAD_FAILURE_REASONS.transferError,
        { error, url: outcome.url },
        { error },
      );
    }
  }
}

function failure(
  reason: string,
  details: Failure['details'] = {},
  extra: { readonly missingOnPrimary?: boolean; readonly error?: string } = {},
): Attempt {
  return {
    kind: 'failed',
    reason,
    missingOnPrimary: extra.missingOnPrimary ?? false,
    details,
    ...(extra.error !== undefined && { error: extra.error }),
  };
}

async function failUnexpectedly(registry: Registry, error: unknown): Promise<BlobDownloadResult> {
  const reason = DOWNLOAD_FAILURE_REASONS.unexpected;
  // If even this fails (the tracking database is down), the caller hears the original error.
  await registry.failed({ message: reason, error: describeError(error) }).catch(() => {
    throw error;
  });
  return {
    kind: 'failed',
    reason,
    missingOnPrimary: false,
    details: { error: describeError(error) },
  };
}
