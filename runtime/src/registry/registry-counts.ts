import { sql } from 'kysely';
import type { GeoSite } from '../sites/geo-site.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { VERIFICATION_STATES } from '../states/verification-state.ts';
import type { RegistryClass } from './registry.ts';
import { registryDb, requireRegistryTable } from './registry-table.ts';

/** Sync and verification counts of one registry table (`004` Step 2, secondary side). */
export interface RegistryCounts {
  readonly registryCount: number;
  readonly syncedCount: number;
  readonly failedCount: number;
  readonly verificationTotalCount: number;
  readonly verifiedCount: number;
  readonly verificationFailedCount: number;
}

export async function registryCounts(
  registry: RegistryClass,
  site: GeoSite,
): Promise<RegistryCounts> {
  const { synced, failed } = REPLICATION_STATES;
  const { succeeded, disabled } = VERIFICATION_STATES;
  const failedVerification = VERIFICATION_STATES.failed;
  const row = await registryDb(site)
    .selectFrom(requireRegistryTable(registry))
    .select([
      sql<number>`count(*)`.as('registry'),
      sql<number>`count(*) FILTER (WHERE state = ${synced})`.as('synced'),
      sql<number>`count(*) FILTER (WHERE state = ${failed})`.as('failed'),
      sql<number>`count(*) FILTER (WHERE state = ${synced} AND verification_state <> ${disabled})`.as(
        'total',
      ),
      sql<number>`count(*) FILTER (WHERE state = ${synced} AND verification_state = ${succeeded})`.as(
        'verified',
      ),
      sql<number>`count(*) FILTER (WHERE state = ${synced} AND verification_state = ${failedVerification})`.as(
        'verificationFailed',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    registryCount: Number(row.registry),
    syncedCount: Number(row.synced),
    failedCount: Number(row.failed),
    verificationTotalCount: Number(row.total),
    verifiedCount: Number(row.verified),
    verificationFailedCount: Number(row.verificationFailed),
  };
}

/** What `oldestUnsyncedTime` reports when nothing waits: the original's `-1`. */
export const NO_UNSYNCED_TIME = -1;

/**
 * When the oldest registry that is not synced (pending, started or failed) was created, in whole
 * seconds since the epoch; `-1` when there is none (`Replicator.oldest_unsynced`).
 *
 * The original takes the *model's* `updated_at` of those records (`model_updated_last`), batching
 * ids across the two databases. We date the registry row instead: it lives in the same database
 * (one aggregate, not a query per 1000 ids), every registry table has `created_at`, and a host's
 * own model need not have an `updated_at`. It reads as "waiting since the secondary knew of it".
 */
export async function oldestUnsyncedTime(
  registryClass: RegistryClass,
  site: GeoSite,
): Promise<number> {
  const row = await registryClass
    .db(site)
    .selectFrom(registryClass.tableName)
    // float8: both drivers return it as a JS number (bigint and numeric come back as strings).
    .select(sql<number | null>`floor(extract(epoch from min(created_at)))::float8`.as('oldest'))
    .where('state', '<>', REPLICATION_STATES.synced)
    .executeTakeFirstOrThrow();
  return row.oldest === null ? NO_UNSYNCED_TIME : Number(row.oldest);
}
