import { describe, expect, it } from 'vitest';
import type { GeoSite } from '../../sites/geo-site.ts';
import { VERIFICATION_STATES } from '../../states/verification-state.ts';
import { CHECKSUM_ERROR } from '../../verification/verify-batch.ts';
import { checksumFromBytes } from '../../verification/checksum.ts';
import { eventsOf, verificationColumns } from './inspect.ts';
import {
  enableReplication,
  type ReplicatorExamplesOptions,
} from './replicator-examples-options.ts';
import { strategyAdapter } from './strategy-adapter.ts';

/**
 * `it_behaves_like 'a verifiable replicator'`: checksumming on the primary, comparing on a
 * secondary, for any strategy (what differs, making and spoiling data, is `strategyAdapter`'s).
 */
export function itBehavesLikeAVerifiableReplicator(options: ReplicatorExamplesOptions): void {
  const { replicator, geo, createRecord } = options;
  const data = strategyAdapter(options);
  const on = (site: GeoSite, id: number) => new replicator(site, { modelRecordId: id });
  const primaryState = (id: number) => verificationColumns(geo.primary, replicator.model, id);
  const registryOf = (id: number) => replicator.registryClass.findByModelId(geo.secondary, id);
  const notChecksummable = `${CHECKSUM_ERROR}: ${data.notChecksummable}`;

  /** A copy on the secondary that a finished sync left: in place, its registry synced. */
  async function syncedCopy(id: number, options: { readonly spoiled?: boolean } = {}) {
    await data.copyToSite(geo.secondary, id);
    if (options.spoiled) await data.spoilCopy(geo.secondary, id);
    const registry = await replicator.registryClass.findOrCreate(geo.secondary, id);
    await registry.start();
    await registry.synced();
  }

  describe('a verifiable replicator', () => {
    it('does not verify while replication is off', async () => {
      await geo.primary.flags.disable(replicator.replicationFeatureFlag);
      await createRecord(geo.primary);
      expect(await replicator.verifyBatch(geo.primary)).toBe(0);
    });

    it('checksums pending records on the primary and stores the checksum', async () => {
      await enableReplication(options);
      const record = await data.createWithData('verify me');
      const verified = await replicator.verifyBatch(geo.primary);
      expect(verified).toBe(1);
      const state = await primaryState(record.id);
      expect(state.verification_state).toBe(VERIFICATION_STATES.succeeded);
      expect(checksumFromBytes(state.verification_checksum)).toBe(record.checksum);
      expect(state.verified_at).toBeInstanceOf(Date);
    });

    it('records a failure with a retry time when the data is missing', async () => {
      await enableReplication(options);
      const record = await data.createWithData('gone');
      await data.removeData(geo.primary, record.id);
      await replicator.verifyBatch(geo.primary);
      const state = await primaryState(record.id);
      expect(state.verification_state).toBe(VERIFICATION_STATES.failed);
      expect(state.verification_failure?.startsWith(notChecksummable)).toBe(true);
      expect(state.verification_retry_count).toBe(1);
      expect(state.verification_retry_at?.getTime()).toBeGreaterThan(Date.now());
      expect(state.verification_checksum).toBeNull();
    });

    it('takes at most ten records a batch, and no record twice', async () => {
      await enableReplication(options);
      for (let index = 0; index < 12; index++) await createRecord(geo.primary);
      const table = replicator.verificationTable(geo.primary);
      const [first, second] = await Promise.all([
        table.verificationPendingBatch(10),
        table.verificationPendingBatch(10),
      ]);
      expect(first.length + second.length).toBe(12);
      expect(new Set([...first, ...second]).size).toBe(12);
    });

    it('on a secondary, succeeds when the copy matches the primary', async () => {
      await enableReplication(options);
      const record = await data.createWithData('same data');
      await replicator.verifyBatch(geo.primary);
      await syncedCopy(record.id);
      const result = await on(geo.secondary, record.id).verify();
      expect(result).toEqual({ kind: 'succeeded', checksum: record.checksum });
      const registry = await registryOf(record.id);
      expect(registry?.verificationState).toBe('succeeded');
      expect(registry?.state).toBe('synced');
    });

    it('on a secondary, a mismatching copy fails verification and is scheduled for resync', async () => {
      await enableReplication(options);
      const record = await data.createWithData('original');
      await replicator.verifyBatch(geo.primary);
      await syncedCopy(record.id, { spoiled: true });
      const result = await on(geo.secondary, record.id).verify();
      expect(result).toMatchObject({ kind: 'mismatch', primaryChecksum: record.checksum });
      const registry = await registryOf(record.id);
      expect(registry?.state).toBe('failed');
      expect(registry?.verificationState).toBe('failed');
      expect(registry?.row.checksum_mismatch).toBe(true);
      expect(checksumFromBytes(registry?.row.verification_checksum_mismatched ?? null)).toBe(
        record.checksum,
      );
      expect(
        registry?.row.last_sync_failure?.startsWith(
          'Verification failed with: Checksum does not match',
        ),
      ).toBe(true);
      expect(registry?.row.retry_at?.getTime()).toBeGreaterThan(Date.now());
    });

    it('on a secondary, waits (disabled) while the primary has no checksum', async () => {
      await enableReplication(options);
      const record = await data.createWithData('not checksummed yet');
      await syncedCopy(record.id);
      const result = await on(geo.secondary, record.id).verify();
      expect(result).toEqual({ kind: 'disabled' });
    });

    it('on a secondary, a copy that cannot be checksummed fails the sync too, to be fetched again', async () => {
      await enableReplication(options);
      const record = await data.createWithData('original');
      await replicator.verifyBatch(geo.primary);
      await syncedCopy(record.id);
      await data.removeData(geo.secondary, record.id);

      const result = await on(geo.secondary, record.id).verify();

      expect(result).toMatchObject({ kind: 'failed' });
      const registry = await registryOf(record.id);
      expect(registry?.verificationState).toBe('failed');
      expect(registry?.state).toBe('failed');
      expect(
        registry?.row.last_sync_failure?.startsWith(
          `Verification failed with: ${notChecksummable}`,
        ),
      ).toBe(true);
      expect(registry?.row.retry_count).toBe(registry?.row.verification_retry_count);
      expect(registry?.row.retry_at).toEqual(registry?.row.verification_retry_at);
      expect(registry?.row.retry_at?.getTime()).toBeGreaterThan(Date.now());
    });

    it('publishes checksum_succeeded with each checksum the primary records, reverifications included', async () => {
      await enableReplication(options);
      const record = await data.createWithData('checked');
      await geo.databases.main.deleteFrom('geo_events').execute();
      await replicator.verifyBatch(geo.primary);
      const succeeded = () =>
        eventsOf(geo.primary).then((events) =>
          events.filter((event) => event.event_name === 'checksum_succeeded'),
        );
      expect(await succeeded()).toEqual([
        expect.objectContaining({
          replicable_name: replicator.replicableName,
          payload: { model_record_id: record.id },
        }),
      ]);
      // Reverification after the interval publishes it again.
      await replicator.verificationTable(geo.primary).reverifyBatch(0, 100);
      await replicator.verifyBatch(geo.primary);
      expect(await succeeded()).toHaveLength(2);
    });

    it('publishes no checksum_succeeded for a record whose checksum failed', async () => {
      await enableReplication(options);
      const record = await data.createWithData('lost');
      await geo.databases.main.deleteFrom('geo_events').execute();
      await data.removeData(geo.primary, record.id);
      await replicator.verifyBatch(geo.primary);
      expect(await eventsOf(geo.primary)).toEqual([]);
    });

    it('on a secondary, checksum_succeeded marks a verified copy for verification again', async () => {
      await enableReplication(options);
      const record = await data.createWithData('same');
      await replicator.verifyBatch(geo.primary);
      await syncedCopy(record.id);
      const consumer = on(geo.secondary, record.id);
      expect(await consumer.verify()).toMatchObject({ kind: 'succeeded' });

      await consumer.consume('checksum_succeeded', { model_record_id: record.id });

      const registry = await registryOf(record.id);
      expect(registry?.verificationState).toBe('pending');
      expect(registry?.state).toBe('synced');
    });

    it('on a secondary, checksum_succeeded leaves a pending registry pending and creates none', async () => {
      await enableReplication(options);
      const tracked = await createRecord(geo.primary);
      const untracked = await createRecord(geo.primary);
      const registry = await replicator.registryClass.findOrCreate(geo.secondary, tracked.id);
      for (const record of [tracked, untracked]) {
        await on(geo.secondary, record.id).consume('checksum_succeeded', {
          model_record_id: record.id,
        });
      }
      expect((await registry.reload()).verificationState).toBe('pending');
      expect(await registryOf(untracked.id)).toBeUndefined();
    });

    it('on the primary, checksum_succeeded is ignored', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await replicator.verifyBatch(geo.primary);
      const before = await primaryState(record.id);
      await on(geo.primary, record.id).consume('checksum_succeeded', {
        model_record_id: record.id,
      });
      expect(await primaryState(record.id)).toEqual(before);
    });
  });
}
