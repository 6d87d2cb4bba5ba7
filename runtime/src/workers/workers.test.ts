import { describe, expect, it } from 'vitest';
import { PackageFile } from '../../app/models/package-file.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import { projectRepositoryRegistryFactory } from '../../app/factories/project-repository-registry-factory.ts';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { reconcileRegistries } from './registry-consistency.ts';
import { interleave, nextSyncTargets } from './registry-sync-scheduler.ts';
import { sweepTimeouts } from './timeouts.ts';
import { VerificationWorker, verifyReplicator } from './verification.ts';

const replicators = [PackageFileReplicator];

describe('interleave', () => {
  it('takes one from each list in turn, up to the limit', () => {
    expect(interleave<unknown>([[1, 2, 3], ['a'], [true, false]], 5)).toEqual([
      1,
      'a',
      true,
      2,
      false,
    ]);
    expect(interleave([[1, 2, 3], []], 10)).toEqual([1, 2, 3]);
  });
});

describeOnEachEngine('workers', (databases) => {
  const geo = useGeoSites(databases);
  const enable = () => geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
  const createFiles = async (count: number) => {
    const ids: number[] = [];
    for (let index = 0; index < count; index++)
      ids.push((await packageFileFactory.transient({ site: geo.primary }).create()).id);
    return ids;
  };
  const tracked = () =>
    PackageFileReplicator.registryClass.pluckModelIdsInRange(geo.secondary, { from: 1, to: 1e9 });

  describe('registry consistency', () => {
    it('does nothing while replication is off', async () => {
      await createFiles(2);
      expect(await reconcileRegistries(geo.secondary, PackageFileReplicator)).toMatchObject({
        created: 0,
        deleted: 0,
      });
    });

    it('creates pending registries for untracked records, batch by batch', async () => {
      await enable();
      const ids = await createFiles(5);
      expect(await reconcileRegistries(geo.secondary, PackageFileReplicator, 2)).toEqual({
        replicableName: 'package_file',
        created: 5,
        deleted: 0,
      });
      expect(await tracked()).toEqual(ids);
      expect(await reconcileRegistries(geo.secondary, PackageFileReplicator, 2)).toMatchObject({
        created: 0,
      });
    });

    it('deletes registries whose record is gone, and those selective sync no longer selects, with their copy', async () => {
      await enable();
      const [gone, kept, excluded] = await createFiles(3);
      await reconcileRegistries(geo.secondary, PackageFileReplicator);
      const excludedCopy = await new PackageFileReplicator(geo.secondary, {
        modelRecordId: excluded!,
      }).uploader();
      await excludedCopy.store('copy');
      await (await PackageFile.find(geo.primary, gone!)).destroy();
      const keptProject = (await PackageFile.find(geo.primary, kept!)).row.project_id;
      const project = await databases.main
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', keptProject)
        .executeTakeFirstOrThrow();
      await new GeoNodes(databases.main).update('secondary', {
        selectiveSync: { type: 'namespaces', namespaceIds: [project.namespace_id] },
      });
      await geo.secondary.reload();
      expect(await reconcileRegistries(geo.secondary, PackageFileReplicator)).toMatchObject({
        created: 0,
        deleted: 2,
      });
      expect(await tracked()).toEqual([kept]);
      expect(await excludedCopy.exists()).toBe(false);
    });
  });

  describe('registry sync scheduling', () => {
    it('takes pending registries first, then failed ones whose retry is due, within the capacity', async () => {
      await enable();
      await new GeoNodes(databases.main).update('secondary', { filesMaxCapacity: 3 });
      await geo.secondary.reload();
      const registries = packageFileRegistryFactory.transient({ site: geo.secondary });
      const failed = await registries.failed().create();
      const pending = await registries.createList(2);
      const targets = await nextSyncTargets(geo.secondary, replicators);
      // Pending ones oldest (lowest registry id) first; createList may insert them in any order.
      const oldestFirst = [...pending].sort((a, b) => a.id - b.id);
      expect(targets.map((target) => target.modelRecordId)).toEqual([
        ...oldestFirst.map((registry) => registry.modelRecordId),
        failed.modelRecordId,
      ]);
      expect(targets[0]?.replicableName).toBe('package_file');
    });

    it('never exceeds files_max_capacity, counting started syncs and queued ones', async () => {
      await enable();
      await new GeoNodes(databases.main).update('secondary', { filesMaxCapacity: 3 });
      await geo.secondary.reload();
      const registries = packageFileRegistryFactory.transient({ site: geo.secondary });
      await registries.started().create();
      const pending = await registries.createList(4);
      const queued = [{ replicableName: 'package_file', modelRecordId: pending[0]!.modelRecordId }];
      expect(await nextSyncTargets(geo.secondary, replicators)).toHaveLength(2);
      expect(await nextSyncTargets(geo.secondary, replicators, { queued: 2 })).toHaveLength(0);
      const next = await nextSyncTargets(geo.secondary, replicators, { inFlight: queued });
      expect(next).toHaveLength(1);
      expect(next.map((target) => target.modelRecordId)).not.toContain(pending[0]!.modelRecordId);
    });
  });

  describe('registry sync scheduling of repositories', () => {
    const both = [PackageFileReplicator, ProjectRepositoryReplicator];
    async function capacities(files: number, repos: number) {
      await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
      await geo.primary.flags.enable(ProjectRepositoryReplicator.replicationFeatureFlag);
      await new GeoNodes(databases.main).update('secondary', {
        filesMaxCapacity: files,
        reposMaxCapacity: repos,
      });
      await geo.secondary.reload();
    }
    const ids = (targets: { modelRecordId: number }[]) => targets.map((t) => t.modelRecordId);

    it('schedules repository registries within repos_max_capacity, blobs within files_max_capacity', async () => {
      await capacities(2, 3);
      const files = packageFileRegistryFactory.transient({ site: geo.secondary });
      const repositories = projectRepositoryRegistryFactory.transient({ site: geo.secondary });
      await files.started().create();
      const pendingFiles = await files.createList(3);
      await repositories.started().create();
      const pendingRepositories = await repositories.createList(4);

      const blobTargets = await nextSyncTargets(geo.secondary, both, { strategy: 'blob' });
      expect(blobTargets.map((t) => t.replicableName)).toEqual(['package_file']);
      expect(ids(blobTargets)).toHaveLength(1);
      expect(ids(pendingFiles)).toContain(blobTargets[0]!.modelRecordId);

      const repositoryTargets = await nextSyncTargets(geo.secondary, both, {
        strategy: 'repository',
      });
      expect(new Set(repositoryTargets.map((t) => t.replicableName))).toEqual(
        new Set(['project_repository']),
      );
      expect(ids(repositoryTargets)).toHaveLength(2);
      for (const id of ids(repositoryTargets)) expect(ids(pendingRepositories)).toContain(id);
      // Queued repository syncs count against the repositories' capacity only.
      expect(
        await nextSyncTargets(geo.secondary, both, { strategy: 'repository', queued: 2 }),
      ).toEqual([]);
      expect(await nextSyncTargets(geo.secondary, both, { strategy: 'blob' })).toHaveLength(1);
    });

    it('neither starves the other: one strategy at capacity leaves the other’s whole', async () => {
      await capacities(2, 2);
      await packageFileRegistryFactory.transient({ site: geo.secondary }).started().createList(2);
      await packageFileRegistryFactory.transient({ site: geo.secondary }).createList(3);
      await projectRepositoryRegistryFactory.transient({ site: geo.secondary }).createList(3);

      expect(await nextSyncTargets(geo.secondary, both, { strategy: 'blob' })).toEqual([]);
      expect(await nextSyncTargets(geo.secondary, both, { strategy: 'repository' })).toHaveLength(
        2,
      );

      await projectRepositoryRegistryFactory
        .transient({ site: geo.secondary })
        .started()
        .createList(2);
      await new GeoNodes(databases.main).update('secondary', { filesMaxCapacity: 4 });
      await geo.secondary.reload();
      expect(await nextSyncTargets(geo.secondary, both, { strategy: 'repository' })).toEqual([]);
      expect(await nextSyncTargets(geo.secondary, both, { strategy: 'blob' })).toHaveLength(2);
    });

    it('schedules no repositories while their replication is off', async () => {
      await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
      await projectRepositoryRegistryFactory.transient({ site: geo.secondary }).createList(2);
      expect(await nextSyncTargets(geo.secondary, both, { strategy: 'repository' })).toEqual([]);
    });
  });

  describe('timeouts', () => {
    it('fails syncs stuck in started, so they are retried', async () => {
      await packageFileRegistryFactory.transient({ site: geo.secondary }).started().create();
      expect(await sweepTimeouts(geo.secondary, replicators, { syncSeconds: 60 })).toEqual({
        syncsFailed: 1,
        verificationsFailed: 0,
        verificationsReset: 0,
        orphanedDownloads: [],
      });
    });
  });

  describe('verification', () => {
    it('checksums everything pending on the primary, batch after batch, within its capacity', async () => {
      await enable();
      await createFiles(12);
      expect(await verifyReplicator(geo.primary, PackageFileReplicator, { capacity: 3 })).toEqual({
        replicableName: 'package_file',
        verified: 12,
        markedForReverification: 0,
      });
      const states = await PackageFileReplicator.verificationTable(geo.primary).countsByState();
      expect(states).toMatchObject({ succeeded: 12, pending: 0, started: 0 });
    });

    it('keeps verifying while work remains: one kick of the worker does everything due', async () => {
      await enable();
      // More than the ten batches of ten a recurring run used to take.
      await createFiles(120);
      const worker = new VerificationWorker(geo.primary, replicators, (error) => {
        throw error;
      });
      worker.kick();
      worker.kick(); // A kick while it runs asks for one more round, not a second loop.
      await worker.idle();
      const states = await PackageFileReplicator.verificationTable(geo.primary).countsByState();
      expect(states).toMatchObject({ succeeded: 120, pending: 0, started: 0 });
      await worker.close();
      worker.kick(); // Closed: does nothing.
      await worker.idle();
    });

    it('verifies again, within minutes, what a process that died mid-checksum left started', async () => {
      await enable();
      const [id] = await createFiles(1);
      const table = PackageFileReplicator.verificationTable(geo.primary);
      // A process claimed the record two minutes ago and died: its batch lease lapsed since.
      const dead = await table.claimBatch(10);
      expect(dead.keys).toEqual([id]);
      await databases.main.deleteFrom('exclusive_leases').execute();
      await databases.main
        .updateTable('package_files')
        .set({ verification_started_at: new Date(dead.startedAt.getTime() - 120_000) })
        .execute();

      const sweep = await sweepTimeouts(geo.primary, replicators);
      expect(sweep.verificationsReset).toBe(1);
      expect(sweep.verificationsFailed).toBe(0);
      expect((await verifyReplicator(geo.primary, PackageFileReplicator)).verified).toBe(1);
      expect(await table.countsByState()).toMatchObject({ succeeded: 1, started: 0 });
    });

    it('leaves alone a verification whose process is alive, however long it takes', async () => {
      await enable();
      await createFiles(1);
      const table = PackageFileReplicator.verificationTable(geo.primary);
      const running = await table.claimBatch(10);
      // Past its start, so the row counts as started longer than a TTL of 0 ago.
      while (Date.now() <= running.startedAt.getTime())
        await new Promise((resolve) => setTimeout(resolve, 1));
      expect((await sweepTimeouts(geo.primary, replicators)).verificationsReset).toBe(0);
      expect(await table.resetOrphanedAttempts(0)).toEqual([]);
      expect(await table.countsByState()).toMatchObject({ started: 1 });
      await running.lease.release();
    });

    it('marks records verified longer ago than the reverification interval as pending', async () => {
      await enable();
      const [id] = await createFiles(1);
      await verifyReplicator(geo.primary, PackageFileReplicator);
      await databases.main
        .updateTable('package_files')
        .set({ verified_at: new Date(Date.now() - 8 * 24 * 3600 * 1000) })
        .where('id', '=', id!)
        .execute();
      const pass = await verifyReplicator(geo.primary, PackageFileReplicator);
      expect(pass).toMatchObject({ markedForReverification: 1, verified: 1 });
    });
  });
});
