import { expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import type { GeoJobs } from './geo-jobs.ts';
import { SiteRunner } from './site-runner.ts';

const TOKEN = 'site-runner-test-admin-token';

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
      const deadline = Date.now() + 10_000;
      const asAdmin = { headers: { authorization: `Bearer ${TOKEN}` } };
      let response = await fetch(`${runner.url}/api/v4/geo_nodes/status`, asAdmin);
      while (response.status === 404 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        response = await fetch(`${runner.url}/api/v4/geo_nodes/status`, asAdmin);
      }
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        name: 'secondary',
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
});
