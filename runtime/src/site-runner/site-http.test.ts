import { expect, it } from 'vitest';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { StatusMetrics } from '../status/prometheus.ts';
import { updateSiteStatus } from '../status/site-status.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { siteHttpApp } from './site-http.ts';

const replicatorClasses = [PackageFileReplicator];

describeOnEachEngine('site HTTP status', (databases) => {
  const geo = useGeoSites(databases);

  it('serves null verification counts while verification is disabled, and no gauges for them', async () => {
    await geo.primary.flags.disable(PackageFileReplicator.replicationFeatureFlag);
    await packageFileRegistryFactory.transient({ site: geo.secondary }).synced().create();
    const metrics = new StatusMetrics();
    metrics.update(geo.secondary.node, await updateSiteStatus(geo.secondary, replicatorClasses));
    const app = siteHttpApp({
      site: geo.secondary,
      replicatorClasses,
      registryFields: [],
      metrics,
    });

    const response = await app.request('/api/v4/geo_nodes/status');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      name: 'secondary',
      package_files_registry_count: 1,
      package_files_synced_count: 1,
      package_files_oldest_unsynced_time: -1,
      package_files_verification_total_count: null,
      package_files_verified_count: null,
      package_files_verification_failed_count: null,
      package_files_verified_in_percentage: null,
    });

    const text = await (await app.request('/metrics')).text();
    expect(text).toContain(
      'geo_package_files_registry{name="secondary",url="http://secondary.test"} 1',
    );
    expect(text).not.toMatch(/^geo_package_files_verif\w*\{/m);
  });
});
