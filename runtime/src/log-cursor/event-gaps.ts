import type { Kysely } from 'kysely';
import type { TrackingDatabase } from '../db/tracking-database.ts';

/**
 * Event ids the cursor passed without seeing: their transactions took an id but had not committed
 * when the cursor read past them. They are looked for again on each cycle and given up after a
 * while (the consistency and sync workers backfill whatever was missed).
 */
export class EventGaps {
  constructor(
    private readonly db: Kysely<TrackingDatabase>,
    /** How long a gap is retried before it is given up. */
    readonly giveUpAfterMs: number,
  ) {}

  /** Records the ids strictly between `previous` and `current` as gaps. */
  async track(previous: number, current: number): Promise<number[]> {
    if (previous <= 0 || current <= previous + 1) return [];
    const ids = Array.from({ length: current - previous - 1 }, (_, index) => previous + 1 + index);
    await this.db
      .insertInto('event_log_gaps')
      .values(ids.map((event_id) => ({ event_id })))
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    return ids;
  }

  async pending(): Promise<number[]> {
    const rows = await this.db
      .selectFrom('event_log_gaps')
      .select('event_id')
      .orderBy('event_id')
      .execute();
    return rows.map((row) => Number(row.event_id));
  }

  async resolve(ids: readonly number[]): Promise<void> {
    if (ids.length > 0)
      await this.db.deleteFrom('event_log_gaps').where('event_id', 'in', ids).execute();
  }

  /** Drops gaps older than the give-up period; returns their ids. */
  async giveUpOutdated(now = new Date()): Promise<number[]> {
    const rows = await this.db
      .deleteFrom('event_log_gaps')
      .where('detected_at', '<', new Date(now.getTime() - this.giveUpAfterMs))
      .returning('event_id')
      .execute();
    return rows.map((row) => Number(row.event_id));
  }
}
