import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { writeEvent } from '../replicator/events.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import type { LoggedEvent } from './event-log.ts';
import { LogCursor } from './log-cursor.ts';

describeOnEachEngine('LogCursor', (databases) => {
  const geo = useGeoSites(databases);
  const publish = (id: number) =>
    writeEvent(geo.primary.mainDb, {
      replicableName: 'package_file',
      eventName: 'created',
      payload: { model_record_id: id },
    });
  const cursor = (
    enqueued: LoggedEvent[],
    options: { leaseTtlMs?: number; gapGiveUpAfterMs?: number } = {},
  ) =>
    new LogCursor(geo.secondary, {
      enqueue: async (event) => void enqueued.push(event),
      batchSize: 2,
      ...options,
    });

  it('starts a new secondary at the newest event, then enqueues each later event once, in order', async () => {
    await publish(1);
    await publish(2);
    const enqueued: LoggedEvent[] = [];
    const active = cursor(enqueued);
    expect(await active.runOnce()).toMatchObject({ kind: 'initialized' });
    for (const id of [3, 4, 5]) await publish(id);
    expect(await active.runOnce()).toMatchObject({ kind: 'processed', events: 3 });
    expect(await active.runOnce()).toMatchObject({ kind: 'processed', events: 0 });
    expect(enqueued.map((event) => event.payload.model_record_id)).toEqual([3, 4, 5]);
    expect(enqueued[0]).toMatchObject({ replicableName: 'package_file', eventName: 'created' });
  });

  it('resumes where it stopped after a restart', async () => {
    const first: LoggedEvent[] = [];
    const stopped = cursor(first);
    await stopped.runOnce();
    await publish(1);
    await stopped.runOnce();
    await stopped.release();
    await publish(2);
    const second: LoggedEvent[] = [];
    await cursor(second).runOnce();
    expect(first.map((event) => event.payload.model_record_id)).toEqual([1]);
    expect(second.map((event) => event.payload.model_record_id)).toEqual([2]);
  });

  it('keeps one cursor active per site; another takes over when its lease lapses', async () => {
    const enqueued: LoggedEvent[] = [];
    const active = cursor(enqueued, { leaseTtlMs: 300 });
    const standby = cursor(enqueued, { leaseTtlMs: 300 });
    await active.runOnce();
    const waiting = await standby.runOnce();
    expect(waiting.kind).toBe('standby');
    await publish(7);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await standby.runOnce()).toMatchObject({ kind: 'processed', events: 1 });
    expect((await active.runOnce()).kind).toBe('standby');
  });

  it('looks again for events whose ids it skipped, and gives them up after a while', async () => {
    const enqueued: LoggedEvent[] = [];
    const active = cursor(enqueued);
    await active.runOnce();
    const first = await publish(1);
    // Take an id for an event whose transaction has not committed yet.
    const skipped = first.logId + 1;
    await sql`SELECT setval(pg_get_serial_sequence('geo_event_log', 'id'), ${skipped})`.execute(
      geo.primary.mainDb,
    );
    await publish(3);
    await active.runOnce();
    expect(enqueued.map((event) => event.payload.model_record_id)).toEqual([1, 3]);
    expect(
      await databases.tracking.selectFrom('event_log_gaps').select('event_id').execute(),
    ).toEqual([{ event_id: skipped }]);

    // The late transaction commits: the next cycle finds it.
    const late = await geo.primary.mainDb
      .insertInto('geo_events')
      .values({
        replicable_name: 'package_file',
        event_name: 'created',
        payload: JSON.stringify({ model_record_id: 2 }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await geo.primary.mainDb
      .insertInto('geo_event_log')
      .values({ id: skipped, geo_event_id: late.id } as never)
      .execute();
    expect(await active.runOnce()).toMatchObject({ gapsFilled: 1 });
    expect(enqueued.map((event) => event.payload.model_record_id)).toEqual([1, 3, 2]);
    expect(await databases.tracking.selectFrom('event_log_gaps').selectAll().execute()).toEqual([]);
  });

  it('gives up gaps older than the give-up period', async () => {
    const enqueued: LoggedEvent[] = [];
    const active = cursor(enqueued, { gapGiveUpAfterMs: 50 });
    await active.runOnce();
    const first = await publish(1);
    await sql`SELECT setval(pg_get_serial_sequence('geo_event_log', 'id'), ${first.logId + 1})`.execute(
      geo.primary.mainDb,
    );
    await publish(3);
    await active.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await active.runOnce();
    expect(await databases.tracking.selectFrom('event_log_gaps').selectAll().execute()).toEqual([]);
  });
});
