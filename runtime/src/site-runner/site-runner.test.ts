import { expect, it } from 'vitest';
import { projectRepositoryFactory } from '../../app/factories/project-repository-factory.ts';
import { projectRepositoryRegistryFactory } from '../../app/factories/project-repository-registry-factory.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { AddJobOptions, JobName } from '../jobs/job-queue.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import type { GeoJobs } from './geo-jobs.ts';
import { SiteRunner, type SiteRunnerEvent } from './site-runner.ts';

const TOKEN = 'site-runner-test-admin-token';

/** An in-process queue that remembers every job added to it, by name and id. */
class RecordingQueue extends InProcessQueue<GeoJobs> {
  readonly added: { readonly name: string; readonly id: string }[] = [];

  override async add<Name extends JobName<GeoJobs>>(
    name: Name,
    data: GeoJobs[Name],
    options?: AddJobOptions,
  ): Promise<string> {
    const id = await super.add(name, data, options);
    this.added.push({ name, id });
    return id;
  }

  /** The distinct ids of the jobs of `name` added so far. */
  idsOf(name: keyof GeoJobs): string[] {
    return [...new Set(this.added.filter((job) => job.name === name).map((job) => job.id))].sort();
  }
}

/** Every recurring job but those named runs once at start, then not for a minute. */
function intervals(fast: Partial<Record<'syncScheduler' | 'timeouts' | 'metrics', number>>) {
  return {
    metrics: 60_000,
    verification: 60_000,
    syncScheduler: 60_000,
    registryConsistency: 60_000,
    timeouts: 60_000,
    ...fast,
  };
}

describeOnEachEngine('SiteRunner', (databases) => {
  const geo = useGeoSites(databases);

  it('stores the status and serves it, with metrics and a health check, over HTTP', async () => {
    await geo.primary.flags.enable('geo_package_file_replication');
    // Real records: the consistency worker, which runs at start, deletes registries of missing ones.
    const [synced, failed] = await packageFileFactory
      .transient({ site: geo.primary })
      .createList(2);
    const registries = packageFileRegistryFactory.transient({ site: geo.secondary });
    await registries.synced().verificationSucceeded().create({ model_record_id: synced!.id });
    await registries.failed().create({ model_record_id: failed!.id });
    const runner = await new SiteRunner({
      site: geo.secondary,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      queue: new InProcessQueue<GeoJobs>({ concurrency: 2 }),
      // Only the metrics job matters here; the rest stay out of the way.
      intervals: {
        metrics: 50,
        verification: 60_000,
        syncScheduler: 60_000,
        registryConsistency: 60_000,
        timeouts: 60_000,
      },
      http: { port: 0 },
      adminToken: TOKEN,
      logCursor: false,
    }).start();
    try {
      const asAdmin = { headers: { authorization: `Bearer ${TOKEN}` } };
      const ownStatus = async () => {
        const response = await fetch(`${runner.url}/api/v4/geo_nodes/status`, asAdmin);
        const listed = (await response.json()) as { name: string; updated_at: string | null }[];
        return listed.find((entry) => entry.name === 'secondary');
      };
      await expect
        .poll(async () => (await ownStatus())?.updated_at, { timeout: 10_000 })
        .not.toBeNull();
      expect(await ownStatus()).toMatchObject({
        name: 'secondary',
        outdated: false,
        package_files_registry_count: 2,
        package_files_synced_count: 1,
        package_files_failed_count: 1,
        package_files_verified_count: 1,
        package_files_synced_in_percentage: 50,
      });
      expect(await (await fetch(`${runner.url}/metrics`, asAdmin)).text()).toContain(
        'geo_package_files_registry{name="secondary",url="http://secondary.test"} 2',
      );
      expect(await (await fetch(`${runner.url}/-/health`)).json()).toEqual({
        status: 'ok',
        site: 'secondary',
        primary: false,
      });
    } finally {
      await runner.close();
      await runner.close();
    }
  });

  it('lists a secondary’s posted status on the primary, growing older and outdated once it stops', async () => {
    await geo.primary.flags.enable('geo_package_file_replication');
    const [synced] = await packageFileFactory.transient({ site: geo.primary }).createList(2);
    await packageFileRegistryFactory
      .transient({ site: geo.secondary })
      .synced()
      .create({ model_record_id: synced!.id });
    // The primary's clock: moved by hand once the secondary stops, so no test waits an hour.
    let offsetMs = 0;
    const runner = (site: GeoSite, metrics: number) =>
      new SiteRunner({
        site,
        replicatorClasses: REPLICATOR_CLASSES,
        registryFields: GEO_NODE_REGISTRY_FIELDS,
        queue: new InProcessQueue<GeoJobs>({ concurrency: 2 }),
        intervals: intervals({ metrics }),
        http: { port: 0 },
        adminToken: TOKEN,
        logCursor: false,
        statusOutdatedAfterMs: 60_000,
        ...(site.isPrimary() && { now: () => new Date(Date.now() + offsetMs) }),
      }).start();
    const primary = await runner(geo.primary, 60_000);
    await new GeoNodes(databases.main).update('primary', {
      url: primary.url ?? '',
      internalUrl: primary.url ?? '',
    });
    const secondary = await runner(geo.secondary, 50);
    const listed = async () => {
      const response = await fetch(`${primary.url}/api/v4/geo_nodes/status`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(200);
      const sites = (await response.json()) as Record<string, unknown>[];
      return sites.find((entry) => entry['name'] === 'secondary');
    };
    try {
      await expect
        .poll(async () => (await listed())?.['package_files_registry_count'], { timeout: 30_000 })
        .toBe(2);
      // The secondary's own jobs may sync or re-check its registries meanwhile: the figures it
      // posts are whatever they are then, consistent with each other.
      const figures = await listed();
      expect(figures).toMatchObject({ outdated: false });
      const syncedCount = Number(figures?.['package_files_synced_count']);
      expect([0, 1, 2]).toContain(syncedCount);
      expect(figures?.['package_files_synced_in_percentage']).toBe((syncedCount / 2) * 100);
      expect((await listed())?.['age_seconds']).toBeLessThan(30);
    } finally {
      await secondary.close();
    }
    try {
      const before = await listed();
      const age = Number(before?.['age_seconds']);
      offsetMs += 30_000;
      const later = await listed();
      expect(later).toMatchObject({ updated_at: before?.['updated_at'], outdated: false });
      expect(Number(later?.['age_seconds'])).toBeGreaterThanOrEqual(age + 30);
      offsetMs += 60_000;
      expect(await listed()).toMatchObject({ updated_at: before?.['updated_at'], outdated: true });
      expect(Number((await listed())?.['age_seconds'])).toBeGreaterThanOrEqual(age + 90);
    } finally {
      await primary.close();
    }
  });

  it('schedules repository syncs as jobs of their own, within repos_max_capacity, apart from blob downloads', async () => {
    await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
    await geo.primary.flags.enable(ProjectRepositoryReplicator.replicationFeatureFlag);
    await new GeoNodes(databases.main).update('secondary', {
      filesMaxCapacity: 1,
      reposMaxCapacity: 2,
    });
    await geo.secondary.reload();
    const files = await packageFileFactory.transient({ site: geo.primary }).createList(2);
    const repositories = await projectRepositoryFactory
      .transient({ site: geo.primary })
      .createList(3);
    const queue = new RecordingQueue({ concurrency: 4 });
    let schedulerRuns = 0;
    // The secondary has no fetchers here: each sync is deferred and its registry stays pending,
    // so every run of the scheduler chooses the same ones again.
    const runner = await new SiteRunner({
      site: geo.secondary,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      queue,
      intervals: intervals({ syncScheduler: 100 }),
      logCursor: false,
      onEvent: (event) => {
        if (event.kind === 'job-completed' && event.job.name === 'geo_sync_scheduler')
          schedulerRuns += 1;
      },
    }).start();
    try {
      await expect.poll(() => schedulerRuns, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
      await expect
        .poll(() => queue.idsOf('geo_repository_sync').length, { timeout: 30_000 })
        .toBe(2);
    } finally {
      await runner.close();
    }
    const repositoryIds = queue.idsOf('geo_repository_sync');
    const fileIds = queue.idsOf('geo_sync');
    expect(fileIds).toHaveLength(1);
    expect(files.map((file) => `sync.package_file.${file.id}`)).toContain(fileIds[0]);
    for (const id of repositoryIds) {
      expect(repositories.map((record) => `sync.project_repository.${record.id}`)).toContain(id);
    }
  });

  it('queues the retry of a repository sync whose worker died as a repository sync job', async () => {
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    await projectRepositoryRegistryFactory
      .transient({ site: geo.secondary })
      .started()
      .create({ model_record_id: record.id, last_synced_at: new Date() });
    const queue = new RecordingQueue({ concurrency: 2 });
    const events: SiteRunnerEvent[] = [];
    const runner = await new SiteRunner({
      site: geo.secondary,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      queue,
      intervals: intervals({}),
      logCursor: false,
      onEvent: (event) => events.push(event),
    }).start();
    try {
      await expect
        .poll(() => queue.idsOf('geo_repository_sync'), { timeout: 30_000 })
        .toEqual([`sync.project_repository.${record.id}.retry-1`]);
    } finally {
      await runner.close();
    }
    expect(queue.idsOf('geo_sync')).toEqual([]);
    expect(events).toContainEqual({
      kind: 'orphaned-download',
      download: expect.objectContaining({
        replicableName: 'project_repository',
        modelRecordId: record.id,
        tempFilesRemoved: 0,
      }),
    });
  });
});
