import { describe, expect, it } from 'vitest';
import type { Registry, RegistryClass } from '../../registry/registry.ts';
import { REPLICATION_STATES } from '../../states/replication-state.ts';
import { InvalidTransitionError } from '../../states/state-machine.ts';
import { VERIFICATION_STATES } from '../../states/verification-state.ts';
import { checksumFromBytes } from '../../verification/checksum.ts';
import type { RegistryFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';

export interface RegistryExamplesOptions<R extends Registry = Registry> {
  readonly registryClass: RegistryClass<R>;
  readonly factory: RegistryFactory<R>;
  readonly geo: GeoTestSites;
}

const minutesFromNow = (date: Date | null | undefined) =>
  date ? (date.getTime() - Date.now()) / 60_000 : Number.NaN;

/** `it_behaves_like 'a Geo framework registry'`: the replication state machine, batches and counts. */
export function itBehavesLikeAGeoFrameworkRegistry<R extends Registry>(
  options: RegistryExamplesOptions<R>,
): void {
  const { registryClass, factory, geo } = options;
  const create = () => factory.transient({ site: geo.secondary });

  describe('a Geo framework registry', () => {
    it('has a valid factory with the traits of the template', async () => {
      expect((await create().create()).state).toBe('pending');
      expect((await create().synced().create()).state).toBe('synced');
      expect((await create().started().create()).state).toBe('started');
      const failed = await create().failed().create();
      expect(failed.state).toBe('failed');
      expect(failed.row.retry_count).toBe(2);
      expect(failed.row.last_sync_failure).toBe('Random error');
    });

    it('starts from pending, synced or failed, and records when', async () => {
      for (const trait of ['pending', 'synced', 'failed'] as const) {
        const registry = await (trait === 'pending' ? create() : create()[trait]()).create();
        await registry.start();
        expect(registry.state).toBe('started');
        expect(Math.abs(minutesFromNow(registry.row.last_synced_at))).toBeLessThan(1);
      }
    });

    it('refuses to start twice, naming the registry, the state and the event', async () => {
      const registry = await create().started().create();
      const attempt = registry.start();
      await expect(attempt).rejects.toThrow(InvalidTransitionError);
      await expect(registry.start()).rejects.toThrow(
        `Cannot start ${registryClass.name} ${registry.id}: it is started, and start is only allowed from pending, synced, failed.`,
      );
    });

    it('becomes synced only from started, clearing the failure fields', async () => {
      const registry = await create().failed().create();
      await registry.start();
      expect(await registry.synced()).toEqual({ kind: 'synced' });
      expect(registry.state).toBe('synced');
      expect(registry.row).toMatchObject({
        retry_count: 0,
        retry_at: null,
        last_sync_failure: null,
      });
    });

    it('reports a registry reset mid-sync instead of marking it synced', async () => {
      const registry = await create().create();
      await registry.start();
      // An administrator asks for a resync while the download runs.
      const sameRow = await registryClass.findById(geo.secondary, registry.id);
      await sameRow?.pending();
      expect(await registry.synced()).toEqual({ kind: 'reset-mid-sync', state: 'pending' });
      expect(registry.state).toBe('pending');
    });

    it('records a failure with its reason, a retry count and a backed-off retry time', async () => {
      const registry = await create().create();
      await registry.start();
      await registry.failed({
        message: 'Error downloading file',
        error: new Error('socket hang up'),
      });
      expect(registry.state).toBe('failed');
      expect(registry.row.last_sync_failure).toBe('Error downloading file: socket hang up');
      expect(registry.row.retry_count).toBe(1);
      const wait = minutesFromNow(registry.row.retry_at);
      expect(wait).toBeGreaterThan(0.25);
      expect(wait).toBeLessThan(1.5);
    });

    it('caps the wait near one hour, and near four hours when the file is missing on the primary', async () => {
      const registry = await create().create();
      await registryClass
        .db(geo.secondary)
        .updateTable(registryClass.tableName)
        .set({ retry_count: 30 })
        .execute();
      await registry.failed({ message: 'Non-success HTTP response status code 500' });
      expect(minutesFromNow(registry.row.retry_at)).toBeGreaterThan(60);
      expect(minutesFromNow(registry.row.retry_at)).toBeLessThan(62);
      await registry.failed({
        message: 'The file is missing on the Geo primary site',
        missingOnPrimary: true,
      });
      expect(minutesFromNow(registry.row.retry_at)).toBeGreaterThan(240);
      expect(minutesFromNow(registry.row.retry_at)).toBeLessThan(242);
    });

    it('cuts failure messages to 255 characters', async () => {
      const registry = await create().create();
      await registry.failed({ message: 'x'.repeat(400) });
      expect(registry.row.last_sync_failure).toHaveLength(255);
    });

    it('clears the retry fields when marked pending', async () => {
      const registry = await create().failed().create();
      await registry.pending();
      expect(registry.state).toBe('pending');
      expect(registry.row).toMatchObject({ retry_count: 0, retry_at: null });
    });

    it('resyncs only from synced or failed', async () => {
      const synced = await create().synced().create();
      await synced.resync();
      expect(synced.state).toBe('pending');
      const started = await create().started().create();
      await expect(started.resync()).rejects.toThrow(/Cannot resync .* it is started/);
    });

    it('lists pending registries oldest first, then failed ones whose retry is due', async () => {
      const pendingA = await create().create();
      const pendingB = await create().create();
      const failedDue = await create().failed().create();
      const failedLater = await create().failed().create();
      await registryClass
        .db(geo.secondary)
        .updateTable(registryClass.tableName)
        .set({ retry_at: new Date(Date.now() + 3_600_000) })
        .where('id', '=', failedLater.id)
        .execute();
      expect(await registryClass.pendingModelIds(geo.secondary, 10)).toEqual([
        pendingA.modelRecordId,
        pendingB.modelRecordId,
      ]);
      expect(
        await registryClass.pendingModelIds(geo.secondary, 10, [pendingA.modelRecordId]),
      ).toEqual([pendingB.modelRecordId]);
      expect(await registryClass.needsSyncAgainModelIds(geo.secondary, 10)).toEqual([
        failedDue.modelRecordId,
      ]);
    });

    it('inserts registries once per model id and deletes them by model id', async () => {
      expect(await registryClass.insertForModelIds(geo.secondary, [3, 4])).toEqual([3, 4]);
      expect(await registryClass.insertForModelIds(geo.secondary, [4, 5])).toEqual([5]);
      expect(await registryClass.deleteForModelIds(geo.secondary, [3, 5])).toBe(2);
      expect(await registryClass.pluckModelIdsInRange(geo.secondary, { from: 1, to: 10 })).toEqual([
        4,
      ]);
    });

    it('fails syncs that stayed started past the timeout', async () => {
      const stuck = await create().started().create();
      const recent = await create().create();
      await recent.start();
      expect(await registryClass.failSyncTimeouts(geo.secondary, 60 * 60)).toBe(1);
      expect((await stuck.reload()).row.last_sync_failure).toBe('Sync timed out after 3600');
      expect(stuck.state).toBe('failed');
      expect((await recent.reload()).state).toBe('started');
    });

    it('counts registries by state', async () => {
      await create().create();
      await create().synced().create();
      await create().synced().verificationSucceeded().create();
      await create().failed().create();
      expect(await registryClass.counts(geo.secondary)).toEqual({
        registryCount: 4,
        syncedCount: 2,
        failedCount: 1,
        verificationTotalCount: 2,
        verifiedCount: 1,
        verificationFailedCount: 0,
      });
    });
  });
}

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
