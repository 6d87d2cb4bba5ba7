import { sql } from 'kysely';
import type { GeoSite } from '../sites/geo-site.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import type { RegistryClass } from './registry.ts';

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
