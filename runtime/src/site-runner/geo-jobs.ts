import type { JsonValue } from '../jobs/json.ts';
import type { Strategy } from '../replicator/replicator.ts';

/** The jobs a site runs, by name, with their (JSON) data. */
export interface GeoJobs {
  /** One logged event to consume on a secondary (`Geo::EventWorker`). */
  geo_event: { replicable_name: string; event_name: string; payload: { [key: string]: JsonValue } };
  /** Download one record's blob (`Geo::SyncWorker`). */
  geo_sync: { replicable_name: string; model_record_id: number };
  /**
   * Mirror one record's repository from the primary (`Geo::SyncWorker` for a repository): a job
   * of its own, so that the scheduler counts it against `repos_max_capacity`, not
   * `files_max_capacity`.
   */
  geo_repository_sync: { replicable_name: string; model_record_id: number };
  /** Enqueue syncs within capacity (`Geo::RegistrySyncWorker`). */
  geo_sync_scheduler: Record<string, never>;
  /** Create and delete registries to match the primary (`Geo::Secondary::RegistryConsistencyWorker`). */
  geo_registry_consistency: Record<string, never>;
  /** Checksum what is due (`Geo::VerificationBatchWorker`, and reverification on the primary). */
  geo_verification: Record<string, never>;
  /** Fail syncs and verifications stuck in started. */
  geo_timeouts: Record<string, never>;
  /** Store the status and refresh the gauges (`Geo::MetricsUpdateWorker`). */
  geo_metrics: Record<string, never>;
}

/** The job that syncs one record of each strategy. */
export const SYNC_JOBS = {
  blob: 'geo_sync',
  repository: 'geo_repository_sync',
} as const satisfies Record<Strategy, keyof GeoJobs>;

/**
 * The id of one record's sync job: while it waits or runs, scheduling it again adds nothing.
 * `attempt` names a retry queued apart from a job the queue may still hold for a dead worker.
 */
export function syncJobId(replicableName: string, modelRecordId: number, attempt?: string): string {
  return `sync.${replicableName}.${modelRecordId}${attempt === undefined ? '' : `.${attempt}`}`;
}

/** How often each recurring job runs, in milliseconds. */
export interface RecurringIntervals {
  readonly syncScheduler: number;
  readonly registryConsistency: number;
  readonly verification: number;
  readonly timeouts: number;
  readonly metrics: number;
}

/**
 * The original runs these every minute (timeouts every ten); a demo wants seconds. Timeouts run
 * every minute here: the sweep also notices downloads whose worker died (a cheap look at the
 * `started` registries and their leases), and that should not wait ten minutes more.
 */
export const DEFAULT_INTERVALS: RecurringIntervals = Object.freeze({
  syncScheduler: 60_000,
  registryConsistency: 60_000,
  verification: 60_000,
  timeouts: 60_000,
  metrics: 60_000,
});
