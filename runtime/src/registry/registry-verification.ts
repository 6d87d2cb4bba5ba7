import { sql, type Kysely } from 'kysely';
import type { GeoSite } from '../sites/geo-site.ts';
import { failureMessage } from '../states/failure-message.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { VERIFICATION_STATES } from '../states/verification-state.ts';
import { VerificationTable } from '../verification/verification-table.ts';
import type { RegistryClass } from './registry.ts';
import { registryDb, requireRegistryTable } from './registry-table.ts';

/** Verification on this secondary: synced registries only, keyed by model id. */
export function registryVerificationTable(
  registry: RegistryClass,
  site: GeoSite,
): VerificationTable {
  return new VerificationTable(site.trackingDb, {
    table: requireRegistryTable(registry),
    key: registry.modelForeignKey,
    label: registry.name,
    verifiableWhere: sql<boolean>`state = ${REPLICATION_STATES.synced}`,
    hasMismatchColumns: true,
    registryIdColumn: 'id',
    logger: site.logger,
    // Whatever failed (a mismatch, a copy that cannot be read, a timeout), the copy is not
    // good: fail the sync too, on the verification's backoff, so it is downloaded again.
    onFailed: (failure) => ({
      state: REPLICATION_STATES.failed,
      retry_count: failure.retryCount,
      retry_at: failure.retryAt,
      last_sync_failure: failureMessage(`Verification failed with: ${failure.message}`),
    }),
  });
}

/**
 * disabled → pending for synced registries whose record the primary has checksummed since: the
 * copy can be verified now. `checksum_succeeded` events do this as they arrive; this sweep is
 * for the events this site never read: a secondary that was disabled (or not yet added) while
 * they were published starts at the newest event, and gaps are given up after an hour. It
 * only enables copies waiting for a first checksum; reverification comes from events alone.
 * Returns how many it enabled.
 */
export async function enableReadyVerifications(
  registry: RegistryClass,
  site: GeoSite,
  limit: number,
): Promise<number> {
  const fk = sql.ref(registry.modelForeignKey);
  const waiting = await registryDb(site)
    .selectFrom(requireRegistryTable(registry))
    .select(sql<number>`${fk}`.as('model_record_id'))
    .where('state', '=', REPLICATION_STATES.synced)
    .where('verification_state', '=', VERIFICATION_STATES.disabled)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (waiting.length === 0) return 0;
  const { table, key } = registry.modelClass.verificationTarget();
  const ready = await (site.mainDb as unknown as Kysely<Record<string, Record<string, number>>>)
    .selectFrom(table)
    .select(sql<number>`${sql.ref(key)}`.as('id'))
    .where(
      sql.ref(key),
      'in',
      waiting.map((row) => Number(row.model_record_id)),
    )
    .where('verification_state', '=', VERIFICATION_STATES.succeeded)
    .execute();
  if (ready.length === 0) return 0;
  const result = await registryDb(site)
    .updateTable(requireRegistryTable(registry))
    .set({ verification_state: VERIFICATION_STATES.pending })
    .where(
      fk,
      'in',
      ready.map((row) => Number(row.id)),
    )
    .where('state', '=', REPLICATION_STATES.synced)
    .where('verification_state', '=', VERIFICATION_STATES.disabled)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
