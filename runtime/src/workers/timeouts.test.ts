import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import type { PackageFile } from '../../app/models/package-file.ts';
import type { ProjectRepository } from '../../app/models/project-repository.ts';
import { projectRepositoryFactory } from '../../app/factories/project-repository-factory.ts';
import { projectRepositoryRegistryFactory } from '../../app/factories/project-repository-registry-factory.ts';
import { ProjectRepositoryRegistry } from '../../app/registries/project-repository-registry.ts';
import { PackageFileRegistry } from '../../app/registries/package-file-registry.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import { cloneTempPrefix } from '../repository/clone-leftovers.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { HttpBlobDownloader } from '../transfer/http-blob-downloader.ts';
import { serve, type RunningServer } from '../transfer/serve.ts';
import { geoTransferRoutes } from '../transfer/transfer-routes.ts';
import { ORPHANED_DOWNLOAD_FAILURE, sweepTimeouts } from './timeouts.ts';

const replicators = [PackageFileReplicator];

describeOnEachEngine('sweepTimeouts: downloads whose worker died', (databases) => {
  const geo = useGeoSites(databases, {
    siteOptions: { fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }) },
  });
  let primary: RunningServer | undefined;

  beforeEach(async () => {
    // Ids restart with every test, storage directories do not.
    await Promise.all(
      [geo.primary, geo.secondary].map((site) =>
        rm(site.storageRoot, { recursive: true, force: true }),
      ),
    );
    primary = await serve(
      geoTransferRoutes({ site: geo.primary, replicatorClasses: REPLICATOR_CLASSES }),
    );
    await new GeoNodes(databases.main).update('primary', { internalUrl: primary.url });
  });
  afterEach(async () => {
    await primary?.close();
  });

  const leaseOf = (file: { id: number }, ttlMs = 60_000) =>
    new ExclusiveLease(
      databases.tracking,
      HttpBlobDownloader.leaseKey('package_file', file.id),
      ttlMs,
    );
  const registryOf = async (file: { id: number }) => {
    const registry = await PackageFileRegistry.findByModelId(geo.secondary, file.id);
    if (!registry) throw new Error(`no registry for package file ${file.id}`);
    return registry;
  };
  const copyPath = async (file: PackageFile) =>
    (await new PackageFileReplicator(geo.secondary, { modelRecordId: file.id }).uploader())
      .path as string;

  /** What a worker killed mid-download leaves: a started registry, and a temporary file. */
  async function diedMidDownload(file: PackageFile, retryCount = 0): Promise<string> {
    await packageFileRegistryFactory
      .transient({ site: geo.secondary })
      .started()
      .create({ model_record_id: file.id, last_synced_at: new Date(), retry_count: retryCount });
    const temp = `${await copyPath(file)}.tmp-0123456789ab`;
    await mkdir(dirname(temp), { recursive: true });
    await writeFile(temp, 'the first half of the fi');
    return temp;
  }
  const createFile = (content = 'package contents\n') =>
    packageFileFactory.transient({ site: geo.primary }).create({ fileContent: content });

  it('fails a started download nobody holds the lease of, due at once, and removes its temporary file', async () => {
    const file = await createFile();
    const temp = await diedMidDownload(file);
    const before = Date.now();

    const sweep = await sweepTimeouts(geo.secondary, replicators);

    expect(sweep.syncsFailed).toBe(0);
    expect(sweep.orphanedDownloads).toEqual([
      {
        replicableName: 'package_file',
        modelRecordId: file.id,
        retryCount: 1,
        retryAt: expect.any(Date),
        tempFilesRemoved: 1,
      },
    ]);
    expect(sweep.orphanedDownloads[0]!.retryAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(sweep.orphanedDownloads[0]!.retryAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const registry = await registryOf(file);
    expect(registry.state).toBe('failed');
    expect(registry.row.last_sync_failure).toBe(ORPHANED_DOWNLOAD_FAILURE);
    expect(registry.row.retry_count).toBe(1);
    expect(await readdir(dirname(temp))).toEqual([]);
    // The sweep gave the lease back: the retry can take it.
    expect(await leaseOf(file).tryObtain()).toBe(true);
  });

  it('treats a lapsed lease like a missing one', async () => {
    const file = await createFile();
    await diedMidDownload(file);
    await databases.tracking
      .insertInto('exclusive_leases')
      .values({
        key: HttpBlobDownloader.leaseKey('package_file', file.id),
        owner: 'a worker that was killed',
        expires_at: new Date(Date.now() - 5000),
      })
      .execute();

    const sweep = await sweepTimeouts(geo.secondary, replicators);

    expect(sweep.orphanedDownloads.map((orphan) => orphan.modelRecordId)).toEqual([file.id]);
    expect((await registryOf(file)).state).toBe('failed');
  });

  it('leaves a download alone while its worker holds the lease', async () => {
    const file = await createFile();
    const temp = await diedMidDownload(file);
    const live = leaseOf(file);
    expect(await live.tryObtain()).toBe(true);

    const sweep = await sweepTimeouts(geo.secondary, replicators);

    expect(sweep.orphanedDownloads).toEqual([]);
    expect((await registryOf(file)).state).toBe('started');
    expect(await readFile(temp, 'utf8')).toBe('the first half of the fi');
    expect(await live.renew()).toBe(true);
  });

  it('backs off when the same record keeps losing its worker', async () => {
    const file = await createFile();
    await diedMidDownload(file, 2);

    const [orphan] = (await sweepTimeouts(geo.secondary, replicators)).orphanedDownloads;

    expect(orphan?.retryCount).toBe(3);
    // nextRetryTime(3): 3⁴ + 15 seconds at least.
    expect(orphan!.retryAt.getTime()).toBeGreaterThan(Date.now() + 90_000);
    expect((await registryOf(file)).row.retry_at?.getTime()).toBe(orphan!.retryAt.getTime());
  });

  it('keeps the copy and the files of other records beside a temporary file', async () => {
    const file = await createFile();
    const temp = await diedMidDownload(file);
    const copy = await copyPath(file);
    await writeFile(copy, 'an older, complete copy');
    await writeFile(`${copy}.tmp-notours`, 'not a StagedFile name');

    await sweepTimeouts(geo.secondary, replicators);

    expect((await readdir(dirname(temp))).sort()).toEqual(
      [copy, `${copy}.tmp-notours`].map((path) => path.slice(dirname(temp).length + 1)).sort(),
    );
  });

  it('converges: the retry after the sweep downloads the file and marks it synced', async () => {
    const file = await createFile('all of the file\n');
    await diedMidDownload(file);
    await sweepTimeouts(geo.secondary, replicators);

    const outcome = await new PackageFileReplicator(geo.secondary, {
      modelRecordId: file.id,
    }).sync();

    expect(outcome).toMatchObject({ kind: 'attempted', attempt: { kind: 'synced' } });
    expect((await registryOf(file)).state).toBe('synced');
    expect(await readFile(await copyPath(file), 'utf8')).toBe('all of the file\n');
    expect(await readdir(dirname(await copyPath(file)))).toHaveLength(1);
  });

  it('is off on request, and never runs on the primary', async () => {
    const file = await createFile();
    await diedMidDownload(file);

    expect(
      (await sweepTimeouts(geo.secondary, replicators, { orphanedDownloads: false }))
        .orphanedDownloads,
    ).toEqual([]);
    expect((await sweepTimeouts(geo.primary, replicators)).orphanedDownloads).toEqual([]);
    expect((await registryOf(file)).row.state).toBe(REPLICATION_STATES.started);
  });

  it("honours the sync lease of the replicator's strategy, whatever its key", async () => {
    class OwnLeaseReplicator extends PackageFileReplicator {
      override get syncLeaseKey() {
        return `own-lease:${this.modelRecordId}`;
      }
    }
    const file = await createFile();
    await diedMidDownload(file);
    const live = new ExclusiveLease(databases.tracking, `own-lease:${file.id}`, 60_000);
    expect(await live.tryObtain()).toBe(true);

    const sweep = await sweepTimeouts(geo.secondary, [OwnLeaseReplicator]);

    expect(sweep.orphanedDownloads).toEqual([]);
    expect((await registryOf(file)).state).toBe('started');
  });

  it("fails a sync started longer ago than its strategy's sync timeout", async () => {
    class QuickSyncReplicator extends PackageFileReplicator {
      static override readonly syncTimeoutSeconds = 600;
    }
    const [stuck, running] = [await createFile('stuck'), await createFile('running')];
    for (const [file, minutesAgo] of [
      [stuck, 11],
      [running, 9],
    ] as const) {
      await packageFileRegistryFactory
        .transient({ site: geo.secondary })
        .started()
        .create({
          model_record_id: file.id,
          last_synced_at: new Date(Date.now() - minutesAgo * 60_000),
        });
    }

    const sweep = await sweepTimeouts(geo.secondary, [QuickSyncReplicator], {
      orphanedDownloads: false,
    });

    expect(sweep.syncsFailed).toBe(1);
    expect((await registryOf(stuck)).row.last_sync_failure).toBe('Sync timed out after 600');
    expect((await registryOf(running)).state).toBe('started');
  });

  it('leaves the eight-hour timeout to the registries it covers', async () => {
    const file = await createFile();
    await packageFileRegistryFactory
      .transient({ site: geo.secondary })
      .started()
      .create({ model_record_id: file.id });

    expect(await sweepTimeouts(geo.secondary, replicators, { syncSeconds: 60 })).toEqual({
      syncsFailed: 1,
      verificationsFailed: 0,
      verificationsReset: 0,
      orphanedDownloads: [],
    });
  });
});

describeOnEachEngine('sweepTimeouts: repository syncs whose worker died', (databases) => {
  const geo = useGeoSites(databases);
  const repositoryReplicators = [ProjectRepositoryReplicator];

  beforeEach(async () => {
    // Ids restart with every test, storage directories do not.
    await Promise.all(
      [geo.primary, geo.secondary].map((site) =>
        rm(site.storageRoot, { recursive: true, force: true }),
      ),
    );
  });

  const replicatorOf = (record: ProjectRepository) =>
    new ProjectRepositoryReplicator(geo.secondary, { modelRecordId: record.id });
  const registryOf = async (record: ProjectRepository) => {
    const registry = await ProjectRepositoryRegistry.findByModelId(geo.secondary, record.id);
    if (!registry) throw new Error(`no registry for project repository ${record.id}`);
    return registry;
  };

  /**
   * What a worker killed mid-sync leaves: a started registry, and its clone in the storage's
   * temporary directory (`cloneTempPrefix` of the repository, then random). Returns that directory.
   */
  async function diedMidClone(record: ProjectRepository): Promise<string> {
    await projectRepositoryRegistryFactory
      .transient({ site: geo.secondary })
      .started()
      .create({ model_record_id: record.id, last_synced_at: new Date() });
    const replicator = replicatorOf(record);
    const clone = join(
      await replicator.temporaryCloneRoot(),
      `${cloneTempPrefix(await replicator.gitDir())}Ab12Cd`,
    );
    await mkdir(join(clone, 'objects', 'pack'), { recursive: true });
    await writeFile(join(clone, 'objects', 'pack', 'tmp_pack_half'), 'half a pack');
    return clone;
  }

  it('fails a started repository sync nobody holds the lease of and removes its leftover clone', async () => {
    const [record, other] = await projectRepositoryFactory
      .transient({ site: geo.primary })
      .createList(2);
    const clone = await diedMidClone(record!);
    // Another repository's clone in progress, and the repository's own older copy, stay.
    const otherReplicator = replicatorOf(other!);
    const otherClone = join(
      await otherReplicator.temporaryCloneRoot(),
      `${cloneTempPrefix(await otherReplicator.gitDir())}Zz99Yy`,
    );
    await mkdir(otherClone, { recursive: true });
    const copy = await replicatorOf(record!).gitDir();
    await mkdir(copy, { recursive: true });

    const sweep = await sweepTimeouts(geo.secondary, repositoryReplicators);

    expect(sweep.orphanedDownloads).toEqual([
      {
        replicableName: 'project_repository',
        modelRecordId: record!.id,
        retryCount: 1,
        retryAt: expect.any(Date),
        tempFilesRemoved: 1,
      },
    ]);
    const registry = await registryOf(record!);
    expect(registry.state).toBe('failed');
    expect(registry.row.last_sync_failure).toBe(ORPHANED_DOWNLOAD_FAILURE);
    expect(existsSync(clone)).toBe(false);
    expect(existsSync(otherClone)).toBe(true);
    expect(existsSync(copy)).toBe(true);
    // The sweep gave the lease back: the retry can take it.
    const lease = new ExclusiveLease(databases.tracking, replicatorOf(record!).syncLeaseKey, 1000);
    expect(await lease.tryObtain()).toBe(true);
  });

  it('leaves a repository sync alone while its worker holds the lease', async () => {
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    const clone = await diedMidClone(record);
    const live = new ExclusiveLease(
      databases.tracking,
      replicatorOf(record).syncLeaseKey,
      60_000,
      'a live GitRepositoryFetcher',
    );
    expect(await live.tryObtain()).toBe(true);

    const sweep = await sweepTimeouts(geo.secondary, repositoryReplicators);

    expect(sweep.orphanedDownloads).toEqual([]);
    expect((await registryOf(record)).state).toBe('started');
    expect(existsSync(clone)).toBe(true);
    expect(await live.renew()).toBe(true);
  });

  it('fails a repository sync still started after three hours, lease or not', async () => {
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    await projectRepositoryRegistryFactory
      .transient({ site: geo.secondary })
      .started()
      .create({
        model_record_id: record.id,
        last_synced_at: new Date(Date.now() - (3 * 60 + 1) * 60_000),
      });

    const sweep = await sweepTimeouts(geo.secondary, repositoryReplicators, {
      orphanedDownloads: false,
    });

    expect(sweep.syncsFailed).toBe(1);
    expect((await registryOf(record)).row.last_sync_failure).toBe('Sync timed out after 10800');
  });
});
