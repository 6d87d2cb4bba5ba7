import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterEach, expect, it, vi } from 'vitest';
import { packageFileFactory } from '../app/factories/package-file-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../app/graphql/geo-node-registry-fields.ts';
import type { PackageFile } from '../app/models/package-file.ts';
import { PackageFileRegistry } from '../app/registries/package-file-registry.ts';
import { REPLICATOR_CLASSES } from '../app/replicator-classes.ts';
import { PackageFileReplicator } from '../app/replicators/package-file-replicator.ts';
import { InProcessQueue } from '../src/jobs/in-process-queue.ts';
import type { GeoJobs } from '../src/site-runner/geo-jobs.ts';
import { SiteRunner } from '../src/site-runner/site-runner.ts';
import { GeoNodes } from '../src/sites/geo-nodes.ts';
import type { GeoSite } from '../src/sites/geo-site.ts';
import { useGeoSites } from '../src/testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../src/testing/test-databases.ts';
import { HttpBlobDownloader } from '../src/transfer/http-blob-downloader.ts';

/** Every recurring job a few times a second: the test waits for outcomes, not for minutes. */
const FAST = {
  syncScheduler: 100,
  registryConsistency: 500,
  verification: 100,
  timeouts: 60_000,
  metrics: 60_000,
};
const WAIT = { timeout: 60_000, interval: 100 };

/**
 * The promise of Geo, end to end on one engine: a primary and a secondary site (in-process jobs,
 * HTTP between them, the log cursor) keep every copy equal to the primary's file over time. A
 * copy corrupted after it was verified, and a copy deleted, are both found when the primary
 * re-verifies its data (its `checksum_succeeded` reaches the secondary), and both come back.
 */
describeOnEachEngine('Copies stay correct over time', (databases) => {
  const geo = useGeoSites(databases, {
    siteOptions: { fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }) },
  });
  const runners: SiteRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close()));
  });

  const run = async (site: GeoSite, http: boolean) => {
    const runner = await new SiteRunner({
      site,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      queue: new InProcessQueue<GeoJobs>({ concurrency: 4 }),
      intervals: FAST,
      ...(http && { http: { port: 0, hostname: '127.0.0.1' } }),
      cursorIdleMs: 100,
    }).start();
    runners.push(runner);
    return runner;
  };
  const copyOf = (file: PackageFile) =>
    new PackageFileReplicator(geo.secondary, { modelRecordId: file.id }).uploader();
  const registryOf = async (file: PackageFile) => {
    const registry = await PackageFileRegistry.findByModelId(geo.secondary, file.id);
    if (!registry) throw new Error(`package file ${file.id} is not tracked yet`);
    return registry;
  };
  const verifiedCopy = async (file: PackageFile, content: string) => {
    const registry = await registryOf(file);
    expect([registry.state, registry.verificationState]).toEqual(['synced', 'succeeded']);
    expect(await readFile((await copyOf(file)).path ?? '', 'utf8')).toBe(content);
  };

  it('finds a copy corrupted or deleted after verification when the primary re-verifies, and resyncs both', async () => {
    await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
    const primary = await run(geo.primary, true);
    await new GeoNodes(databases.main).update('primary', { internalUrl: primary.url ?? '' });
    await run(geo.secondary, false);

    const contents = ['kept intact', 'corrupted later', 'deleted later'];
    const factory = packageFileFactory.transient({ site: geo.primary });
    const files = await Promise.all(contents.map((fileContent) => factory.create({ fileContent })));
    const [intact, corrupted, deleted] = files as [PackageFile, PackageFile, PackageFile];
    await vi.waitFor(async () => {
      for (const [index, file] of files.entries()) await verifiedCopy(file, contents[index]!);
    }, WAIT);

    // Bad things happen to two copies on the secondary, long after they were verified.
    await writeFile((await copyOf(corrupted)).path ?? '', 'bit rot');
    await rm((await copyOf(deleted)).path ?? '');
    // The primary's minimum_reverification_interval (days) passes for every record.
    await databases.main
      .updateTable('package_files')
      .set({ verified_at: new Date(Date.now() - 8 * 24 * 3600 * 1000) })
      .execute();

    await vi.waitFor(async () => {
      const [bad, gone] = [await registryOf(corrupted), await registryOf(deleted)];
      expect(bad.row.checksum_mismatch).toBe(true);
      expect(bad.row.last_sync_failure).toMatch(
        /^Verification failed with: Checksum does not match/,
      );
      expect(gone.row.last_sync_failure).toMatch(
        /^Verification failed with: Error during verification: File is not checksummable/,
      );
      expect([bad.state, gone.state]).toEqual(['failed', 'failed']);
    }, WAIT);
    const events = await databases.main
      .selectFrom('geo_events')
      .select('payload')
      .where('event_name', '=', 'checksum_succeeded')
      .execute();
    // Each record's first checksum and its reverification.
    expect(events).toHaveLength(2 * files.length);

    // Their retry is due after the verification's backoff (a quarter of a minute or more): bring
    // that moment forward rather than wait for it.
    await databases.tracking
      .updateTable('package_file_registry')
      .set({ retry_at: new Date(Date.now() - 1000) })
      .where('state', '=', 3)
      .execute();
    await vi.waitFor(async () => {
      for (const [index, file] of files.entries()) await verifiedCopy(file, contents[index]!);
    }, WAIT);
    expect((await registryOf(intact)).row.retry_count).toBe(0);
  });
});
