import type { Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import type { EventPayload } from '../replicator/events.ts';

/** One entry of the primary's event log, as a secondary reads it from its replica. */
export interface LoggedEvent {
  /** The `geo_event_log` id: the cursor's position. */
  readonly id: number;
  readonly replicableName: string;
  readonly eventName: string;
  readonly payload: EventPayload;
  readonly createdAt: Date;
}

function selectEvents(db: Kysely<MainDatabase>) {
  return db
    .selectFrom('geo_event_log')
    .innerJoin('geo_events', 'geo_events.id', 'geo_event_log.geo_event_id')
    .select([
      'geo_event_log.id as id',
      'geo_events.replicable_name',
      'geo_events.event_name',
      'geo_events.payload',
      'geo_event_log.created_at',
    ]);
}

function toLoggedEvent(row: {
  id: number;
  replicable_name: string;
  event_name: string;
  payload: Record<string, unknown>;
  created_at: Date;
}): LoggedEvent {
  return {
    id: Number(row.id),
    replicableName: row.replicable_name,
    eventName: row.event_name,
    payload: row.payload as unknown as EventPayload,
    createdAt: row.created_at,
  };
}

/** The next `limit` events after `afterId`, in id order. */
export async function eventsAfter(
  db: Kysely<MainDatabase>,
  afterId: number,
  limit: number,
): Promise<LoggedEvent[]> {
  const rows = await selectEvents(db)
    .where('geo_event_log.id', '>', afterId)
    .orderBy('geo_event_log.id')
    .limit(limit)
    .execute();
  return rows.map(toLoggedEvent);
}

/** The events among `ids` that exist (now). */
export async function eventsWithIds(
  db: Kysely<MainDatabase>,
  ids: readonly number[],
): Promise<LoggedEvent[]> {
  if (ids.length === 0) return [];
  const rows = await selectEvents(db)
    .where('geo_event_log.id', 'in', ids)
    .orderBy('geo_event_log.id')
    .execute();
  return rows.map(toLoggedEvent);
}

/** The newest event id (0 when the log is empty). */
export async function lastEventId(db: Kysely<MainDatabase>): Promise<number> {
  const row = await db
    .selectFrom('geo_event_log')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}
