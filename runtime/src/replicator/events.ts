import type { Kysely, Transaction } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';

/** The events a strategy consumes itself. Blobs have no `updated`: their files are immutable. */
export const STRATEGY_EVENTS = ['created', 'updated', 'deleted'] as const;
export type StrategyEvent = (typeof STRATEGY_EVENTS)[number];

/**
 * Every verifiable replicator's event: the primary recorded a checksum (first time or a
 * reverification), so secondaries check their copy again (`checksum_succeeded`).
 */
export const CHECKSUM_SUCCEEDED = 'checksum_succeeded';

/** Every event a replicator may declare. */
export const REPLICATOR_EVENTS = [...STRATEGY_EVENTS, CHECKSUM_SUCCEEDED] as const;
export type ReplicatorEvent = (typeof REPLICATOR_EVENTS)[number];

/** What every event carries; strategies add their own keys (JSON, snake_case like the log). */
export interface EventPayload {
  readonly model_record_id: number;
  readonly [key: string]: unknown;
}

/** The payload of a blob's `deleted` event: enough to delete the file once the row is gone. */
export interface BlobDeletedPayload extends EventPayload {
  readonly uploader_class: string;
  readonly blob_path: string | null;
}

/**
 * The payload of a repository's `deleted` event: where the repository was, so a secondary can
 * remove its copy once the row is gone.
 */
export interface RepositoryDeletedPayload extends EventPayload {
  readonly repository_storage: string;
  readonly disk_path: string;
  readonly full_path: string;
}

export type MainExecutor = Kysely<MainDatabase> | Transaction<MainDatabase>;

export class UnsupportedEventError extends Error {
  override readonly name = 'UnsupportedEventError';
  constructor(
    readonly replicator: string,
    readonly event: string,
    readonly supported: readonly string[],
  ) {
    super(`Unsupported event '${event}' for ${replicator}; it declares ${supported.join(', ')}.`);
  }
}

/**
 * Writes many events of one replicable at once: their `geo_events` rows, then their `geo_event_log`
 * rows, in two statements (use a transaction, as for one event). Returns the log ids.
 */
export async function writeEvents(
  db: MainExecutor,
  events: { replicableName: string; eventName: string; payloads: readonly EventPayload[] },
): Promise<number[]> {
  if (events.payloads.length === 0) return [];
  const inserted = await db
    .insertInto('geo_events')
    .values(
      events.payloads.map((payload) => ({
        replicable_name: events.replicableName,
        event_name: events.eventName,
        payload: JSON.stringify(payload),
      })),
    )
    .returning('id')
    .execute();
  const logs = await db
    .insertInto('geo_event_log')
    .values(inserted.map((row) => ({ geo_event_id: row.id })))
    .returning('id')
    .execute();
  return logs.map((row) => row.id);
}

/** Writes a `geo_events` row and its `geo_event_log` row with the given executor (a transaction). */
export async function writeEvent(
  db: MainExecutor,
  event: { replicableName: string; eventName: string; payload: EventPayload },
): Promise<{ eventId: number; logId: number }> {
  const inserted = await db
    .insertInto('geo_events')
    .values({
      replicable_name: event.replicableName,
      event_name: event.eventName,
      payload: JSON.stringify(event.payload),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const log = await db
    .insertInto('geo_event_log')
    .values({ geo_event_id: inserted.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { eventId: inserted.id, logId: log.id };
}
