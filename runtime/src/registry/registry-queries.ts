import { sql, type Insertable } from 'kysely';
import type { RegistryTable } from '../db/tracking-database.ts';
import type { IdRange } from '../model/id-range.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { nextRetryTime } from '../states/backoff.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import type { RegistryClass } from './registry.ts';
import { registryDb, requireRegistryTable } from './registry-table.ts';

// The batch queries of one registry table: many rows per statement, by model id. The
// `Registry` class side exposes them; the transitions of one row are in `replication-transitions.ts`.

/** Inserts pending registries for the ids that have none; returns the ids inserted. */
export async function insertForModelIds(
  registry: RegistryClass,
  site: GeoSite,
  modelIds: readonly number[],
): Promise<number[]> {
  if (modelIds.length === 0) return [];
  const now = new Date();
  const fk = registry.modelForeignKey;
  // The foreign key's name is per registry; the rest of the row is typed.
  const rows = modelIds.map(
    (id) => ({ [fk]: id, created_at: now }) as unknown as Insertable<RegistryTable>,
  );
  const inserted = await registryDb(site)
    .insertInto(requireRegistryTable(registry))
    .values(rows)
    .onConflict((oc) => oc.column(fk as 'id').doNothing())
    .returning(sql<number>`${sql.ref(fk)}`.as('model_record_id'))
    .execute();
  return inserted.map((row) => Number(row.model_record_id));
}

/** Deletes the registries of these model ids; returns how many it deleted. */
export async function deleteForModelIds(
  registry: RegistryClass,
  site: GeoSite,
  modelIds: readonly number[],
): Promise<number> {
  if (modelIds.length === 0) return 0;
  const result = await registryDb(site)
    .deleteFrom(requireRegistryTable(registry))
    .where(sql.ref(registry.modelForeignKey), 'in', modelIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function pluckModelIdsInRange(
  registry: RegistryClass,
  site: GeoSite,
  range: IdRange,
): Promise<number[]> {
  const fk = sql.ref(registry.modelForeignKey);
  const rows = await registryDb(site)
    .selectFrom(requireRegistryTable(registry))
    .select(sql<number>`${fk}`.as('model_record_id'))
    .where(fk, '>=', range.from)
    .where(fk, '<=', range.to)
    .orderBy(fk)
    .execute();
  return rows.map((row) => Number(row.model_record_id));
}

/**
 * What the secondary should hold in `range` but does not track yet, and what it tracks but
 * should not hold (the record is gone, or selective sync excludes it).
 */
export async function findRegistryDifferences(
  registry: RegistryClass,
  site: GeoSite,
  range: IdRange,
): Promise<{ untracked: number[]; unused: number[] }> {
  const source = new Set(await registry.modelClass.replicablesForCurrentSecondary(site, range));
  const tracked = new Set(await registry.pluckModelIdsInRange(site, range));
  return {
    untracked: [...source].filter((id) => !tracked.has(id)),
    unused: [...tracked].filter((id) => !source.has(id)),
  };
}

/** Never-attempted registries, oldest first. Returns model ids. */
export async function pendingModelIds(
  registry: RegistryClass,
  site: GeoSite,
  limit: number,
  exceptIds: readonly number[],
): Promise<number[]> {
  const query = modelIdsQuery(registry, site, exceptIds)
    .where('state', '=', REPLICATION_STATES.pending)
    .orderBy('id')
    .limit(limit);
  return (await query.execute()).map((row) => Number(row.model_record_id));
}

/** Failed registries whose retry time has come, soonest first. Returns model ids. */
export async function needsSyncAgainModelIds(
  registry: RegistryClass,
  site: GeoSite,
  limit: number,
  exceptIds: readonly number[],
): Promise<number[]> {
  const query = modelIdsQuery(registry, site, exceptIds)
    .where('state', '=', REPLICATION_STATES.failed)
    .where((eb) => eb.or([eb('retry_at', 'is', null), eb('retry_at', '<', new Date())]))
    .orderBy(sql`retry_at ASC NULLS FIRST`)
    .limit(limit);
  return (await query.execute()).map((row) => Number(row.model_record_id));
}

/** The model ids of a registry table, leaving out `exceptIds` (those already scheduled). */
function modelIdsQuery(registry: RegistryClass, site: GeoSite, exceptIds: readonly number[]) {
  const query = registryDb(site)
    .selectFrom(requireRegistryTable(registry))
    .select(sql<number>`${sql.ref(registry.modelForeignKey)}`.as('model_record_id'));
  return exceptIds.length > 0
    ? query.where(sql.ref(registry.modelForeignKey), 'not in', exceptIds)
    : query;
}

/** Fails every sync `started` longer than `timeoutSeconds` ago; returns how many. */
export async function failSyncTimeouts(
  registry: RegistryClass,
  site: GeoSite,
  timeoutSeconds: number,
): Promise<number> {
  const result = await registryDb(site)
    .updateTable(requireRegistryTable(registry))
    .set({
      state: REPLICATION_STATES.failed,
      last_sync_failure: `Sync timed out after ${timeoutSeconds}`,
      retry_count: 1,
      retry_at: nextRetryTime(1),
    })
    .where('state', '=', REPLICATION_STATES.started)
    .where('last_synced_at', '<', new Date(Date.now() - timeoutSeconds * 1000))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
