import type { Kysely, Transaction } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';

/** Every event a strategy may declare. Blobs have no `updated`: their files are immutable. */
export const REPLICATOR_EVENTS = ['created', 'updated', 'deleted'] as const;
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
