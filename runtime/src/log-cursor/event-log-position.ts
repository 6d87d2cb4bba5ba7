import type { Kysely } from 'kysely';
import type { TrackingDatabase } from '../db/tracking-database.ts';

/** Where this secondary's cursor stands: the last event it handled (`Geo::EventLogState`). */
export class EventLogPosition {
  constructor(private readonly db: Kysely<TrackingDatabase>) {}

  async last(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('event_log_states')
      .select('event_id')
      .orderBy('event_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.event_id);
  }

  /** Moves the position forward (one row: the table holds the latest only). */
  async save(eventId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('event_log_states').execute();
      await trx.insertInto('event_log_states').values({ event_id: eventId }).execute();
    });
  }
}
