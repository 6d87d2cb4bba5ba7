import { EventLogPosition } from '../log-cursor/event-log-position.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { EVENT_LOG_FIELDS } from './prometheus.ts';

/** The event log's figures; null where there is none (an empty log, a primary's cursor). */
export type EventLogStatus = Record<keyof typeof EVENT_LOG_FIELDS, number | null>;

/**
 * Where the primary's event log stands and, on a secondary, where its log cursor does: the
 * original's `last_event_id`/`cursor_last_event_id` and their timestamps (the events' creation
 * on the primary, in seconds since the epoch, so that their difference is the cursor's lag).
 * Read from the databases, so any process of the site reports the active cursor's position.
 */
export async function eventLogStatus(site: GeoSite): Promise<EventLogStatus> {
  const last = await site.mainDb
    .selectFrom('geo_event_log')
    .select(['id', 'created_at'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const cursorId = site.isSecondary()
    ? await new EventLogPosition(site.trackingDb).last()
    : undefined;
  const processed =
    cursorId === undefined
      ? undefined
      : await site.mainDb
          .selectFrom('geo_event_log')
          .select('created_at')
          .where('id', '=', cursorId)
          .executeTakeFirst();
  return {
    last_event_id: last ? Number(last.id) : null,
    last_event_timestamp: last ? epochSeconds(last.created_at) : null,
    cursor_last_event_id: cursorId ?? null,
    // The event may be gone from the log (pruned): its id stands, its time is unknown.
    cursor_last_event_timestamp: processed ? epochSeconds(processed.created_at) : null,
  };
}

function epochSeconds(at: Date | string): number {
  return new Date(at).getTime() / 1000;
}
