import { sql, type Selectable } from 'kysely';
import type { ReplicableModelClass } from '../../model/replicable-model.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import type { VerificationStateColumns } from '../../verification/verification-columns.ts';

/** The events a primary wrote, oldest first, joined with their log rows. */
export async function eventsOf(site: GeoSite) {
  return site.mainDb
    .selectFrom('geo_event_log')
    .innerJoin('geo_events', 'geo_events.id', 'geo_event_log.geo_event_id')
    .select([
      'geo_event_log.id as log_id',
      'geo_events.replicable_name',
      'geo_events.event_name',
      'geo_events.payload',
    ])
    .orderBy('geo_event_log.id')
    .execute();
}

/** The primary's verification columns of one record (model table or `_states` table). */
export async function verificationColumns(site: GeoSite, model: ReplicableModelClass, id: number) {
  const { table, key } = model.verificationTarget();
  const row = await site.mainDb
    .withTables<Record<string, VerificationStateColumns>>()
    .selectFrom(table)
    .selectAll()
    .where(sql.ref(key), '=', id)
    .executeTakeFirstOrThrow();
  return row as Selectable<VerificationStateColumns>;
}
