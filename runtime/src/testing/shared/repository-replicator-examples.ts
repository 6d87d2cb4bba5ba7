import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RepositoryModel } from '../../model/repository-model.ts';
import {
  REPOSITORY_SYNC_TIMEOUT_SECONDS,
  RepositoryNotChecksummableError,
  type RepositoryReplicatorClass,
} from '../../replicator/repository-replicator.ts';
import { bareRepositoryExists } from '../../repository/bare-repository.ts';
import { UnsafeDiskPathError } from '../../repository/disk-path.ts';
import type { SelectiveSync } from '../../sites/geo-node.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import { UnknownRepositoryStorageError } from '../../sites/repository-storages.ts';
import { namespaceFactory } from '../factories.ts';
import { SECOND_TEST_SHARD } from '../geo-test-sites.ts';
import { commitToRepository, mirrorRepository, refsChecksumOf } from '../git-commits.ts';
import { RecordingRepositoryFetcher } from '../recording-repository-fetcher.ts';
import { eventsOf } from './inspect.ts';
import {
  enableReplication,
  type ReplicatorExamplesOptions,
} from './replicator-examples-options.ts';

/**
 * `it_behaves_like 'a repository replicator'`: events and their payloads, consuming `updated`
 * (and `created`) and `deleted` on a secondary, and the refs checksum.
 */
export function itBehavesLikeARepositoryReplicator(
  options: ReplicatorExamplesOptions<RepositoryReplicatorClass>,
): void {
  const { replicator, geo, createRecord } = options;
  const on = (site: GeoSite, id: number) => new replicator(site, { modelRecordId: id });
  /** A record on the primary, as its repository model (`afterPush`, `destroy`, `gitDir`). */
  const createRepository = async (): Promise<RepositoryModel> =>
    replicator.model.find(geo.primary, (await createRecord(geo.primary)).id);
  const registryOf = (id: number) => replicator.registryClass.findByModelId(geo.secondary, id);
  const eventsNamed = async (name: string) =>
    (await eventsOf(geo.primary)).filter((event) => event.event_name === name);

  /** A second secondary whose repository fetcher records what it is asked to sync. */
  async function fetchingSecondary(selectiveSync?: SelectiveSync) {
    const fetcher = new RecordingRepositoryFetcher();
    const site = await geo.addSite(
      { name: 'fetching-secondary', url: 'http://fetching-secondary.test', selectiveSync },
      { fetchers: () => ({ repository: fetcher }) },
    );
    return { site, fetcher };
  }

  describe('a repository replicator', () => {
    it('declares created, updated, deleted and checksum_succeeded, and syncs for up to 3 hours', () => {
      expect(replicator.strategy).toBe('repository');
      expect(replicator.events).toEqual(['created', 'updated', 'deleted', 'checksum_succeeded']);
      expect(replicator.syncTimeoutSeconds).toBe(REPOSITORY_SYNC_TIMEOUT_SECONDS);
    });

    it('gives each new record an empty repository on the primary, and publishes created', async () => {
      await enableReplication(options);
      const record = await createRepository();
      expect(await bareRepositoryExists(record.gitDir)).toBe(true);
      expect(await record.replicator.calculateChecksum()).toBe(refsChecksumOf({}));
      expect(await eventsNamed('created')).toEqual([
        expect.objectContaining({ payload: { model_record_id: record.id } }),
      ]);
    });

    it('publishes updated after a push', async () => {
      await enableReplication(options);
      const record = await createRepository();
      await commitToRepository(record.gitDir, { files: { 'README.md': 'pushed\n' } });
      expect(await record.afterPush()).toMatchObject({ kind: 'published' });
      expect(await eventsNamed('updated')).toEqual([
        expect.objectContaining({
          replicable_name: replicator.replicableName,
          payload: { model_record_id: record.id },
        }),
      ]);
    });

    it('publishes updated in the caller transaction: a rollback leaves no event', async () => {
      await enableReplication(options);
      const record = await createRepository();
      await expect(
        geo.primary.mainDb.transaction().execute(async (trx) => {
          await record.afterPush(trx);
          throw new Error('the push was refused');
        }),
      ).rejects.toThrow('the push was refused');
      expect(await eventsNamed('updated')).toEqual([]);
    });

    it('publishes nothing after a push while its feature flag is off', async () => {
      await geo.primary.flags.disable(replicator.replicationFeatureFlag);
      const record = await createRepository();
      expect(await record.afterPush()).toEqual({ kind: 'skipped', reason: 'replication-disabled' });
      expect(await eventsOf(geo.primary)).toEqual([]);
    });

    it('publishes deleted with the storage, disk path and full path, and removes the repository', async () => {
      await enableReplication(options);
      const record = await createRepository();
      await record.destroy();
      expect(await eventsNamed('deleted')).toEqual([
        expect.objectContaining({
          payload: {
            model_record_id: record.id,
            repository_storage: record.repositoryStorage,
            disk_path: record.diskPath,
            full_path: record.fullPath,
          },
        }),
      ]);
      expect(await bareRepositoryExists(record.gitDir)).toBe(false);
      expect(await replicator.model.findById(geo.primary, record.id)).toBeUndefined();
    });

    for (const event of ['updated', 'created'] as const) {
      it(`on a secondary, consuming ${event} tracks the record as pending and asks the fetcher to sync it`, async () => {
        await enableReplication(options);
        const record = await createRepository();
        const { site, fetcher } = await fetchingSecondary();
        await on(site, record.id).consume(event, { model_record_id: record.id });
        expect((await registryOf(record.id))?.state).toBe('pending');
        expect(fetcher.fetches).toEqual([
          {
            replicableName: replicator.replicableName,
            modelRecordId: record.id,
            registryState: 'pending',
          },
        ]);
      });
    }

    for (const state of ['synced', 'started'] as const) {
      it(`on a secondary, consuming updated marks a ${state} registry pending, to fetch again`, async () => {
        await enableReplication(options);
        const record = await createRepository();
        const registry = await replicator.registryClass.findOrCreate(geo.secondary, record.id);
        await registry.start();
        if (state === 'synced') await registry.synced();
        expect((await registry.reload()).state).toBe(state);

        await on(geo.secondary, record.id).consume('updated', { model_record_id: record.id });

        expect((await registry.reload()).state).toBe('pending');
      });
    }

    it('on a secondary, consuming updated of a record outside selective sync does nothing', async () => {
      await enableReplication(options);
      const record = await createRepository();
      const namespace = await namespaceFactory.transient({ site: geo.primary }).create();
      // A repository of the instance is in every namespace selection: it is left out by shard.
      const { site, fetcher } = await fetchingSecondary(
        options.owner === 'none'
          ? { type: 'shards', shards: [SECOND_TEST_SHARD] }
          : { type: 'namespaces', namespaceIds: [namespace.id] },
      );
      await on(site, record.id).consume('updated', { model_record_id: record.id });
      expect(await registryOf(record.id)).toBeUndefined();
      expect(fetcher.fetches).toEqual([]);
    });

    it('on a secondary, consuming deleted removes the copy and the registry, without the model row', async () => {
      await enableReplication(options);
      const record = await createRepository();
      const copy = await on(geo.secondary, record.id).gitDir();
      await mirrorRepository(record.gitDir, copy);
      await replicator.registryClass.findOrCreate(geo.secondary, record.id);
      const payload = await record.replicator.deletedParams();
      await record.destroy();

      await on(geo.secondary, record.id).consume('deleted', payload);

      expect(await bareRepositoryExists(copy)).toBe(false);
      expect(await registryOf(record.id)).toBeUndefined();
    });

    it('never deletes outside the storage root, whatever the payload says', async () => {
      const record = await createRepository();
      const root = geo.secondary.repositoryStorageRoot(record.repositoryStorage);
      const outside = join(root, '..', 'outside.git');
      await mkdir(outside, { recursive: true });
      await replicator.registryClass.findOrCreate(geo.secondary, record.id);
      const payload = { ...(await record.replicator.deletedParams()), disk_path: '../outside' };

      await expect(on(geo.secondary, record.id).consume('deleted', payload)).rejects.toThrow(
        new UnsafeDiskPathError('../outside'),
      );
      await expect(
        on(geo.secondary, record.id).consume('deleted', {
          ...payload,
          repository_storage: 'nowhere',
        }),
      ).rejects.toThrow(UnknownRepositoryStorageError);

      expect((await stat(outside)).isDirectory()).toBe(true);
      expect(await registryOf(record.id)).toBeDefined();
    });

    it('checksums the refs: the same on both sites for the same refs', async () => {
      const record = await createRepository();
      const main = await commitToRepository(record.gitDir, { files: { 'a.txt': 'a\n' } });
      const feature = await commitToRepository(record.gitDir, {
        branch: 'feature',
        files: { 'a.txt': 'a\n', 'docs/b.md': 'b\n' },
      });
      await mirrorRepository(record.gitDir, await on(geo.secondary, record.id).gitDir());

      const expected = refsChecksumOf({ 'refs/heads/main': main, 'refs/heads/feature': feature });
      expect(await on(geo.primary, record.id).calculateChecksum()).toBe(expected);
      expect(await on(geo.secondary, record.id).calculateChecksum()).toBe(expected);
    });

    it('refuses to checksum a repository that is not there, naming where it looked', async () => {
      const record = await createRepository();
      const copy = on(geo.secondary, record.id);
      await expect(copy.calculateChecksum()).rejects.toThrow(
        new RepositoryNotChecksummableError(
          replicator.replicableName,
          record.id,
          await copy.gitDir(),
        ),
      );
    });

    it('knows whether a site has the repository', async () => {
      const record = await createRepository();
      expect(await on(geo.primary, record.id).resourceExists()).toBe(true);
      expect(await on(geo.secondary, record.id).resourceExists()).toBe(false);
      await mirrorRepository(record.gitDir, await on(geo.secondary, record.id).gitDir());
      expect(await on(geo.secondary, record.id).resourceExists()).toBe(true);
    });
  });
}
