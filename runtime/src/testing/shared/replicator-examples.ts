import { describe, expect, it } from 'vitest';
import { UnsupportedEventError } from '../../replicator/events.ts';
import { eventsOf } from './inspect.ts';
import {
  enableReplication,
  excludeEverythingFromSecondary,
  type ReplicatorExamplesOptions,
} from './replicator-examples-options.ts';

export type { ReplicatorExamplesOptions } from './replicator-examples-options.ts';

/** `it_behaves_like 'a replicator'`: naming, model wiring, the flag, publishing and consuming. */
export function itBehavesLikeAReplicator(options: ReplicatorExamplesOptions): void {
  const { replicator, geo, createRecord } = options;

  describe('a replicator', () => {
    it('derives its names from its class name', () => {
      const base = replicator.name.replace(/Replicator$/, '');
      expect(replicator.replicableName).toBe(
        base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(),
      );
      expect(replicator.replicationFeatureFlag).toBe(
        `geo_${replicator.replicableName}_replication`,
      );
      expect(replicator.replicableTitle.replace(/ /g, '')).toBe(base);
      expect(replicator.registryClass.tableName).toBe(`${replicator.replicableName}_registry`);
    });

    it('has a feature flag definition whose default matches the code', async () => {
      const definition = geo.primary.flags.definition(replicator.replicationFeatureFlag);
      expect(definition.defaultEnabled).toBe(replicator.replicationEnabledByDefault);
      expect(await replicator.replicationEnabled(geo.primary)).toBe(
        replicator.replicationEnabledByDefault,
      );
    });

    it('links the record and its replicator both ways', async () => {
      const record = await createRecord(geo.primary);
      const fromRecord = record.replicator;
      expect(fromRecord).toBeInstanceOf(replicator);
      expect(await fromRecord.modelRecord()).toBe(record);
      const byId = new replicator(geo.primary, { modelRecordId: record.id });
      expect((await byId.modelRecord()).row).toEqual(record.row);
    });

    it('refuses to publish or consume an event it does not declare', async () => {
      const record = await createRecord(geo.primary);
      await expect(
        record.replicator.publish('renamed', { model_record_id: record.id }),
      ).rejects.toThrow(UnsupportedEventError);
      const onSecondary = new replicator(geo.secondary, { modelRecordId: record.id });
      await expect(onSecondary.consume('renamed', { model_record_id: record.id })).rejects.toThrow(
        /Unsupported event 'renamed'/,
      );
    });

    it('publishes nothing while its feature flag is off', async () => {
      await geo.primary.flags.disable(replicator.replicationFeatureFlag);
      const record = await createRecord(geo.primary);
      const result = await record.replicator.publish('created', { model_record_id: record.id });
      expect(result).toEqual({ kind: 'skipped', reason: 'replication-disabled' });
      expect(await eventsOf(geo.primary)).toEqual([]);
    });

    it('writes the event and its log entry when the primary has a secondary', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      const events = await eventsOf(geo.primary);
      expect(events).toEqual([
        expect.objectContaining({
          replicable_name: replicator.replicableName,
          event_name: 'created',
          payload: { model_record_id: record.id },
        }),
      ]);
      expect(events[0]?.log_id).toBeGreaterThan(0);
    });

    it('writes no event on a primary without secondaries, nor on a secondary', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await geo.databases.main.deleteFrom('geo_events').execute();
      await geo.databases.main.deleteFrom('geo_nodes').where('primary', '=', false).execute();
      expect(await record.replicator.publish('created', { model_record_id: record.id })).toEqual({
        kind: 'skipped',
        reason: 'no-secondaries',
      });
      const onSecondary = new replicator(geo.secondary, { modelRecordId: record.id });
      expect(await onSecondary.publish('created', { model_record_id: record.id })).toEqual({
        kind: 'skipped',
        reason: 'not-primary',
      });
      expect(await eventsOf(geo.primary)).toEqual([]);
    });

    it('writes the event in the caller transaction: a rollback leaves no event', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await geo.databases.main.deleteFrom('geo_events').execute();
      await expect(
        geo.primary.mainDb.transaction().execute(async (trx) => {
          await record.replicator.publish('created', { model_record_id: record.id }, trx);
          throw new Error('the model change failed');
        }),
      ).rejects.toThrow('the model change failed');
      expect(await eventsOf(geo.primary)).toEqual([]);
    });

    if (options.owner === 'none') {
      it('syncs a record of the instance whatever namespaces the secondary selects', async () => {
        await enableReplication(options);
        const record = await createRecord(geo.primary);
        await excludeEverythingFromSecondary(geo);
        // Not excluded: without a fetcher for its strategy the sync is left to another process.
        const outcome = await new replicator(geo.secondary, { modelRecordId: record.id }).sync();
        expect(outcome).toEqual({ kind: 'deferred' });
      });
    } else {
      it('syncs nothing of a record outside selective sync: no registry is created or changed', async () => {
        await enableReplication(options);
        const untracked = await createRecord(geo.primary);
        const tracked = await createRecord(geo.primary);
        const registry = await replicator.registryClass.findOrCreate(geo.secondary, tracked.id);
        await registry.start();
        await registry.synced();
        const before = (await registry.reload()).row;
        await excludeEverythingFromSecondary(geo);

        for (const { id } of [untracked, tracked]) {
          const outcome = await new replicator(geo.secondary, { modelRecordId: id }).sync();
          expect(outcome).toEqual({ kind: 'excluded' });
        }
        expect(
          await replicator.registryClass.findByModelId(geo.secondary, untracked.id),
        ).toBeUndefined();
        expect((await registry.reload()).row).toEqual(before);
      });
    }

    it('leaves the sync to another process on a secondary without a fetcher for its strategy', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      const outcome = await new replicator(geo.secondary, { modelRecordId: record.id }).sync();
      expect(outcome).toEqual({ kind: 'deferred' });
    });
  });
}
