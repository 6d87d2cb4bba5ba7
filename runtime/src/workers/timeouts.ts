import { sql } from 'kysely';
import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import { Registry, requireRegistryTable } from '../registry/registry.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { nextRetryTime } from '../states/backoff.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { VERIFICATION_TIMEOUT_SECONDS } from '../verification/verification-columns.ts';

/** The registry's `last_sync_failure` when its download's worker died. */
export const ORPHANED_DOWNLOAD_FAILURE = 'Sync worker stopped mid-download; retrying';

/** How long the sweep holds a dead download's lease while it cleans up (it releases it at once). */
const RECOVERY_LEASE_TTL_MS = 60_000;

/** Started registries looked at per replicable and sweep; at most `files_max_capacity` are started. */
const ORPHAN_BATCH = 1000;

/** A download whose worker died, now failed so that it is retried. */
export interface OrphanedDownload {
  readonly replicableName: string;
  readonly modelRecordId: number;
  /** The registry's retry count after this failure. */
  readonly retryCount: number;
  /** When the retry is due: now for a first death, later (backoff) when it keeps happening. */
  readonly retryAt: Date;
  /** Temporary files the dead worker left beside the destination, now removed. */
  readonly tempFilesRemoved: number;
}

export interface TimeoutSweep {
  readonly syncsFailed: number;
  readonly verificationsFailed: number;
  /** Verifications whose process died mid-checksum (their batch lease lapsed), now pending again. */
  readonly verificationsReset: number;
  readonly orphanedDownloads: readonly OrphanedDownload[];
}

export interface TimeoutSweepOptions {
  /** Default: each replicator's `syncTimeoutSeconds` (its strategy's). */
  readonly syncSeconds?: number;
  readonly verificationSeconds?: number;
  /**
   * Fail syncs left `started` without a live sync lease (default true). Only turn it off for a
   * site whose fetcher does not take the replicator's `syncLeaseKey` lease.
   */
  readonly orphanedDownloads?: boolean;
}

/**
 * Fails syncs and verifications stuck in `started` (their worker died), so they are retried with
 * the usual backoff instead of blocking capacity forever.
 *
 * Dead syncs are noticed much sooner than their strategy's timeout: a sync holds its lease
 * (`Replicator.syncLeaseKey`, renewed while it runs) from before `started` until after
 * `synced`/`failed`, so a `started` registry whose lease is gone or lapsed belongs to no live
 * worker. The sweep takes that lease itself (so no sync can begin meanwhile), fails the registry
 * with `ORPHANED_DOWNLOAD_FAILURE`, removes the dead worker's leftovers (`removeSyncLeftovers`)
 * and reports it, so that the caller can enqueue the retry. Verifications are noticed the same way:
 * a batch holds a lease named after the instant it started its rows (`VerificationTable`), and
 * rows whose lease lapsed go back to pending, to be checksummed by the next batch.
 */
export async function sweepTimeouts(
  site: GeoSite,
  replicators: readonly ReplicatorClass[],
  options: TimeoutSweepOptions = {},
): Promise<TimeoutSweep> {
  let syncsFailed = 0;
  let verificationsFailed = 0;
  let verificationsReset = 0;
  const orphanedDownloads: OrphanedDownload[] = [];
  for (const replicator of replicators) {
    if (site.isSecondary()) {
      syncsFailed += await replicator.registryClass.failSyncTimeouts(
        site,
        options.syncSeconds ?? replicator.syncTimeoutSeconds,
      );
      if (options.orphanedDownloads ?? true) {
        orphanedDownloads.push(...(await failOrphanedDownloads(site, replicator)));
      }
    }
    const table = replicator.verificationTable(site);
    verificationsReset += (await table.resetOrphanedAttempts()).length;
    const failed = await table.failVerificationTimeouts(
      options.verificationSeconds ?? VERIFICATION_TIMEOUT_SECONDS,
    );
    verificationsFailed += failed.length;
  }
  return { syncsFailed, verificationsFailed, verificationsReset, orphanedDownloads };
}

/** Fails the `started` registries of one replicator whose sync lease nobody holds. */
export async function failOrphanedDownloads(
  site: GeoSite,
  replicator: ReplicatorClass,
): Promise<OrphanedDownload[]> {
  const registryClass = replicator.registryClass;
  const table = requireRegistryTable(registryClass);
  const fk = sql.ref(registryClass.modelForeignKey);
  const started = await Registry.db(site)
    .selectFrom(table)
    .select(sql<number>`${fk}`.as('model_record_id'))
    .where('state', '=', REPLICATION_STATES.started)
    .orderBy('id')
    .limit(ORPHAN_BATCH)
    .execute();

  const orphans: OrphanedDownload[] = [];
  for (const { model_record_id } of started) {
    const modelRecordId = Number(model_record_id);
    const copy = new replicator(site, { modelRecordId });
    const lease = new ExclusiveLease(site.trackingDb, copy.syncLeaseKey, RECOVERY_LEASE_TTL_MS);
    // Held: a live worker is downloading. Free or lapsed: its worker is gone, and holding the
    // lease now keeps any new download out until the registry and the disk are cleaned up.
    if (!(await lease.tryObtain())) continue;
    try {
      const failed = await failStarted(site, replicator, modelRecordId);
      if (!failed) continue;
      orphans.push({
        replicableName: replicator.replicableName,
        modelRecordId,
        ...failed,
        tempFilesRemoved: await copy.removeSyncLeftovers(),
      });
    } finally {
      await lease.release();
    }
  }
  return orphans;
}

/**
 * started → failed for one registry, in one UPDATE that only matches a row still `started`.
 * The first death of an attempt is retried at once (the lapsed lease TTL was the wait); a record
 * that keeps losing its worker (one that runs out of memory on it, say) backs off like any failure.
 */
async function failStarted(
  site: GeoSite,
  replicator: ReplicatorClass,
  modelRecordId: number,
): Promise<{ retryCount: number; retryAt: Date } | undefined> {
  const registryClass = replicator.registryClass;
  const row = await Registry.db(site)
    .selectFrom(requireRegistryTable(registryClass))
    .select(['id', 'retry_count'])
    .where(sql.ref(registryClass.modelForeignKey), '=', modelRecordId)
    .where('state', '=', REPLICATION_STATES.started)
    .executeTakeFirst();
  if (!row) return undefined;
  const retryCount = Number(row.retry_count) + 1;
  const retryAt = retryCount === 1 ? new Date() : nextRetryTime(retryCount);
  const result = await Registry.db(site)
    .updateTable(requireRegistryTable(registryClass))
    .set({
      state: REPLICATION_STATES.failed,
      last_sync_failure: ORPHANED_DOWNLOAD_FAILURE,
      retry_count: retryCount,
      retry_at: retryAt,
    })
    .where('id', '=', row.id)
    .where('state', '=', REPLICATION_STATES.started)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { retryCount, retryAt } : undefined;
}
