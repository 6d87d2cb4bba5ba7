import { Counter, Histogram, Registry } from 'prom-client';

/** How a sync attempt ended, as `geo_sync_attempts_total` labels it. */
export type SyncAttemptOutcome =
  /** The registry is synced (downloaded, already in place, or missing on the primary). */
  | 'success'
  /** The registry is failed and waits for its retry. */
  | 'failure'
  /** The registry was re-marked (or deleted) while the sync ran: that mark stands. */
  | 'superseded';

/** How a checksum attempt ended, as `geo_verification_attempts_total` labels it. */
export type VerificationAttemptOutcome =
  | 'success'
  /** The checksum could not be computed (the file or repository is missing or unreadable). */
  | 'failure'
  /** A secondary's checksum differs from the primary's. */
  | 'mismatch'
  /** The primary has no checksum yet to compare with: the copy waits. */
  | 'waiting_for_primary'
  /** The record was re-marked while its checksum ran: that mark stands. */
  | 'superseded';

/** What one sync attempt did, for the metrics. */
export interface SyncAttempt {
  readonly dataType: string;
  readonly outcome: SyncAttemptOutcome;
  readonly seconds: number;
  /** Bytes transferred from the primary; undefined where the strategy does not count them (git). */
  readonly bytes?: number;
}

// From a small blob on the same host (milliseconds) to a large repository (an hour).
const SYNC_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
// One checksum: a small file in a millisecond, a large repository in minutes.
const VERIFICATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

/**
 * What this process did for its site since it started: Prometheus counters and histograms by data
 * type (the replicable name, e.g. `package_file`). Each process counts its own work; Prometheus
 * sums the processes of a site (`sum by (data_type, outcome)`). The site is the scrape target, so
 * no label names it.
 */
export class ActivityMetrics {
  readonly registry = new Registry();
  readonly #syncAttempts = new Counter({
    name: 'geo_sync_attempts_total',
    help: 'Sync attempts on this secondary (downloads of blobs, git fetches of repositories), by data type and outcome: success, failure, superseded',
    labelNames: ['data_type', 'outcome'],
    registers: [this.registry],
  });
  readonly #downloadedBytes = new Counter({
    name: 'geo_sync_downloaded_bytes_total',
    help: 'Bytes of blobs downloaded from the primary by successful syncs, by data type (repositories are fetched by git, which does not report them)',
    labelNames: ['data_type'],
    registers: [this.registry],
  });
  readonly #syncDuration = new Histogram({
    name: 'geo_sync_duration_seconds',
    help: 'Time one sync attempt took on this secondary (the download or git fetch and the registry updates), by data type',
    labelNames: ['data_type'],
    buckets: SYNC_BUCKETS,
    registers: [this.registry],
  });
  readonly #verificationAttempts = new Counter({
    name: 'geo_verification_attempts_total',
    help: 'Checksum attempts (the primary checksumming its data, a secondary verifying its copies), by data type and outcome: success, failure, mismatch, waiting_for_primary, superseded',
    labelNames: ['data_type', 'outcome'],
    registers: [this.registry],
  });
  readonly #verificationDuration = new Histogram({
    name: 'geo_verification_duration_seconds',
    help: 'Time computing one checksum took, by data type',
    labelNames: ['data_type'],
    buckets: VERIFICATION_BUCKETS,
    registers: [this.registry],
  });

  syncAttempted(attempt: SyncAttempt): void {
    const { dataType: data_type, outcome } = attempt;
    this.#syncAttempts.inc({ data_type, outcome });
    this.#syncDuration.observe({ data_type }, attempt.seconds);
    if (attempt.bytes !== undefined) this.#downloadedBytes.inc({ data_type }, attempt.bytes);
  }

  checksumComputed(dataType: string, seconds: number): void {
    this.#verificationDuration.observe({ data_type: dataType }, seconds);
  }

  verificationAttempted(dataType: string, outcome: VerificationAttemptOutcome): void {
    this.#verificationAttempts.inc({ data_type: dataType, outcome });
  }

  /** The text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
