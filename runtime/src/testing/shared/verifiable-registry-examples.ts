import { describe, expect, it } from 'vitest';
import type { Registry } from '../../registry/registry.ts';
import { REPLICATION_STATES } from '../../states/replication-state.ts';
import { VERIFICATION_STATES } from '../../states/verification-state.ts';
import { checksumFromBytes } from '../../verification/checksum.ts';
import { minutesFromNow } from './example-helpers.ts';
import type { RegistryExamplesOptions } from './framework-registry-examples.ts';

/** `it_behaves_like 'a Geo verifiable registry'`: verification state machine and batches on the secondary. */
export function itBehavesLikeAGeoVerifiableRegistry<R extends Registry>(
  options: RegistryExamplesOptions<R>,
): void {
  const { registryClass, factory, geo } = options;
  const create = () => factory.transient({ site: geo.secondary });
  const table = () => registryClass.verificationTable(geo.secondary);

  describe('a Geo verifiable registry', () => {
    it('takes pending verifications of synced registries only, in batches, never twice', async () => {
      const synced = await Promise.all([1, 2, 3].map(() => create().synced().create()));
      await create().create();
      const [first, second] = await Promise.all([
        table().verificationPendingBatch(2),
        table().verificationPendingBatch(2),
      ]);
      expect([...first, ...second].sort()).toEqual(
        synced.map((registry) => registry.modelRecordId).sort(),
      );
      const reloaded = await synced[0]!.reload();
      expect(reloaded.verificationState).toBe('started');
      expect(reloaded.row.verification_started_at).toBeInstanceOf(Date);
    });

    it('succeeds only from started, and only with a checksum', async () => {
      const registry = await create().synced().create();
      await expect(table().succeeded(registry.modelRecordId, 'ab12', null)).rejects.toThrow(
        /Cannot succeeded .* it is pending, and succeeded is only allowed from started/,
      );
      await table().start(registry.modelRecordId);
      await expect(table().succeeded(registry.modelRecordId, '', null)).rejects.toThrow(
        /needs a checksum/,
      );
      const { startedAt } = (await table().snapshot(registry.modelRecordId))!;
      expect(await table().succeeded(registry.modelRecordId, 'ab12', startedAt)).toEqual({
        kind: 'done',
        to: 'succeeded',
      });
      await registry.reload();
      expect(registry.verificationChecksum).toBe('ab12');
      expect(registry.row.verified_at).toBeInstanceOf(Date);
    });

    it('keeps a mark for reverify made while the checksum was computed', async () => {
      const registry = await create().synced().create();
      await table().start(registry.modelRecordId);
      const { startedAt } = (await table().snapshot(registry.modelRecordId))!;
      await registry.verificationPending();
      expect(await table().succeeded(registry.modelRecordId, 'ab12', startedAt)).toEqual({
        kind: 'superseded',
      });
      expect((await registry.reload()).verificationState).toBe('pending');
    });

    it('fails with a message, backing off on verification_retry_count', async () => {
      const registry = await create().synced().create();
      await expect(table().failed(registry.modelRecordId, '')).rejects.toThrow(
        /needs a failure message/,
      );
      await table().failed(registry.modelRecordId, 'Error during verification', new Error('EIO'));
      await registry.reload();
      expect(registry.verificationState).toBe('failed');
      expect(registry.row.verification_failure).toBe('Error during verification: EIO');
      expect(registry.row.verification_retry_count).toBe(1);
      expect(minutesFromNow(registry.row.verification_retry_at)).toBeGreaterThan(0.25);
      expect(await table().verificationFailedBatch(10)).toEqual([]);
    });

    it('fails the sync with any verification failure, on the verification backoff, so the copy is downloaded again', async () => {
      const registry = await create().synced().create();
      await table().failed(registry.modelRecordId, 'Error during verification', new Error('EIO'));
      await registry.reload();
      expect(registry.state).toBe('failed');
      expect(registry.row.last_sync_failure).toBe(
        'Verification failed with: Error during verification: EIO',
      );
      expect(registry.row.retry_count).toBe(1);
      expect(registry.row.retry_count).toBe(registry.row.verification_retry_count);
      expect(registry.row.retry_at).toEqual(registry.row.verification_retry_at);
      // The sync scheduler takes it once due; verification waits for the new copy.
      expect(await table().verificationFailedBatch(10)).toEqual([]);
      await registryClass
        .db(geo.secondary)
        .updateTable(registryClass.tableName)
        .set({ retry_at: new Date(Date.now() - 1000) })
        .execute();
      expect(await registryClass.needsSyncAgainModelIds(geo.secondary, 10)).toEqual([
        registry.modelRecordId,
      ]);
    });

    it('fails the sync of a verification that timed out too', async () => {
      const registry = await create().synced().create();
      await table().start(registry.modelRecordId);
      await registryClass
        .db(geo.secondary)
        .updateTable(registryClass.tableName)
        .set({ verification_started_at: new Date(Date.now() - 9 * 3_600_000) })
        .execute();
      await table().failVerificationTimeouts();
      expect((await registry.reload()).state).toBe('failed');
      expect(registry.row.last_sync_failure).toBe(
        'Verification failed with: Verification timed out after 28800',
      );
    });

    it('disables verification when a sync starts, unless the registry is brand new', async () => {
      const brandNew = await create().create();
      expect(brandNew.brandNewPending).toBe(true);
      await brandNew.start();
      expect(brandNew.verificationState).toBe('pending');

      const verified = await create().synced().verificationSucceeded().create();
      expect(verified.brandNewPending).toBe(false);
      await verified.resync();
      await verified.start();
      expect(verified.verificationState).toBe('disabled');

      const failed = await create().failed().create();
      await failed.start();
      expect(failed.verificationState).toBe('disabled');
    });

    it('clears the failure and retry fields when synced after a reset to pending mid-sync', async () => {
      const registry = await create().failed().create();
      await registry.start();
      const sameRow = await registryClass.findById(geo.secondary, registry.id);
      await sameRow?.pending();
      expect(await registry.synced()).toEqual({ kind: 'reset-mid-sync', state: 'pending' });
      expect(registry.row).toMatchObject({
        state: REPLICATION_STATES.pending,
        retry_count: 0,
        retry_at: null,
        last_sync_failure: null,
      });
    });

    it('puts verifications whose batch lease lapsed (their process died) back to pending', async () => {
      const orphan = await create().synced().create();
      const live = await create().synced().create();
      const dead = await table().claimOne(orphan.modelRecordId);
      const running = await table().claimOne(live.modelRecordId);
      // The dying process never renews or releases its lease; the other one keeps its own.
      await dead?.lease.release();
      // Rows count once started before now minus the TTL; with a TTL of 0, once a millisecond passed.
      const latest = Math.max(dead?.startedAt.getTime() ?? 0, running?.startedAt.getTime() ?? 0);
      while (Date.now() <= latest) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(await table().resetOrphanedAttempts(0)).toEqual([orphan.modelRecordId]);
      expect((await orphan.reload()).verificationState).toBe('pending');
      expect((await live.reload()).verificationState).toBe('started');
      await running?.lease.release();
    });

    it('clears the failure and the mismatch when marked pending again', async () => {
      const registry = await create().synced().create();
      await table().failed(registry.modelRecordId, 'Checksum does not match', undefined, {
        checksum_mismatch: true,
      });
      await registry.verificationPending();
      expect(registry.verificationState).toBe('pending');
      expect(registry.row).toMatchObject({
        verification_failure: null,
        checksum_mismatch: false,
        verification_checksum_mismatched: null,
        // The retry count stays, so repeated failures keep backing off further.
        verification_retry_count: 1,
      });
    });

    it('reverifies succeeded registries older than the interval', async () => {
      const old = await create().synced().verificationSucceeded().create();
      const fresh = await create().synced().verificationSucceeded().create();
      await registryClass
        .db(geo.secondary)
        .updateTable(registryClass.tableName)
        .set({ verified_at: new Date() })
        .where('id', '=', fresh.id)
        .execute();
      expect(await table().reverifyBatch(1, 100)).toBe(1);
      expect((await old.reload()).verificationState).toBe('pending');
      expect((await fresh.reload()).verificationState).toBe('succeeded');
      expect(checksumFromBytes(fresh.row.verification_checksum)).toBe(
        'e079a831cab27bcda7d81cd9b48296d0c3dd92ef',
      );
    });

    it('fails verifications stuck in started', async () => {
      const registry = await create().synced().create();
      await table().start(registry.modelRecordId);
      await registryClass
        .db(geo.secondary)
        .updateTable(registryClass.tableName)
        .set({ verification_started_at: new Date(Date.now() - 9 * 3_600_000) })
        .execute();
      expect(await table().failVerificationTimeouts()).toEqual([registry.modelRecordId]);
      expect((await registry.reload()).row.verification_failure).toBe(
        'Verification timed out after 28800',
      );
    });

    it('stores verification states with the values of the design', async () => {
      const registry = await create().synced().verificationSucceeded().create();
      expect(registry.row.verification_state).toBe(VERIFICATION_STATES.succeeded);
      expect(registry.row.state).toBe(REPLICATION_STATES.synced);
    });
  });
}
