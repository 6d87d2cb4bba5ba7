import { describe, expect, it } from 'vitest';
import type { Registry, RegistryClass } from '../../registry/registry.ts';
import { InvalidTransitionError } from '../../states/state-machine.ts';
import type { RegistryFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';
import { minutesFromNow } from './example-helpers.ts';

export interface RegistryExamplesOptions<R extends Registry = Registry> {
  readonly registryClass: RegistryClass<R>;
  readonly factory: RegistryFactory<R>;
  readonly geo: GeoTestSites;
}

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
