import { describe, expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { metricName, StatusMetrics } from './prometheus.ts';
import { percentage } from './replicable-status.ts';
import {
  collectSiteStatus,
  statusFields,
  storedSiteStatus,
  updateSiteStatus,
} from './site-status.ts';

const replicators = [PackageFileReplicator];

describe('status naming', () => {
  it('names metrics like the original', () => {
    expect(metricName('package_files_count')).toBe('geo_package_files');
    expect(metricName('package_files_synced_count')).toBe('geo_package_files_synced');
    expect(metricName('package_files_checksum_total_count')).toBe(
      'geo_package_files_checksum_total',
    );
  });

  it('computes percentages of the registry count, 0 when there is none', () => {
    expect(percentage(1, 3)).toBe(33.33);
    expect(percentage(0, 0)).toBe(0);
  });
});

describe('status metrics', () => {
  const site = { name: 'secondary', url: 'http://secondary.test' };

  it('labels every gauge with the site’s name and URL', async () => {
    const metrics = new StatusMetrics();
    metrics.update(site, {
      package_files_registry_count: 2,
      package_files_oldest_unsynced_time: -1,
    });
    const text = await metrics.text();
    expect(text).toContain(
      'geo_package_files_registry{name="secondary",url="http://secondary.test"} 2',
    );
    expect(text).toContain(
      'geo_package_files_oldest_unsynced_time{name="secondary",url="http://secondary.test"} -1',
    );
  });

  it('exports no sample for a null field, and removes the one a number had set', async () => {
    const metrics = new StatusMetrics();
    metrics.update(site, { package_files_verified_count: null, package_files_registry_count: 1 });
    expect(await metrics.text()).not.toMatch(/^geo_package_files_verified\{/m);
    metrics.update(site, { package_files_verified_count: 3, package_files_registry_count: 1 });
    expect(await metrics.text()).toMatch(/^geo_package_files_verified\{.*\} 3$/m);
    metrics.update(site, { package_files_verified_count: null, package_files_registry_count: 1 });
    expect(await metrics.text()).not.toMatch(/^geo_package_files_verified\{/m);
    expect(await metrics.text()).toMatch(/^geo_package_files_registry\{.*\} 1$/m);
  });

  it('drops the series of labels the site no longer has', async () => {
    const metrics = new StatusMetrics();
    metrics.update(site, { package_files_registry_count: 1 });
    metrics.update({ ...site, url: 'http://moved.test' }, { package_files_registry_count: 1 });
    const text = await metrics.text();
    expect(text).not.toContain('http://secondary.test');
    expect(text).toContain(
      'geo_package_files_registry{name="secondary",url="http://moved.test"} 1',
    );
  });
});

describeOnEachEngine('site status', (databases) => {
  const geo = useGeoSites(databases);

  it('counts and checksums on the primary', async () => {
    await geo.primary.flags.enable('geo_package_file_replication');
    await packageFileFactory.transient({ site: geo.primary }).create();
    await packageFileFactory.transient({ site: geo.primary }).verificationSucceeded().create();
    await packageFileFactory.transient({ site: geo.primary }).verificationFailed().create();
    expect(statusFields(await collectSiteStatus(geo.primary, replicators), replicators)).toEqual({
      package_files_count: 3,
      package_files_checksum_total_count: 3,
      package_files_checksummed_count: 1,
      package_files_checksum_failed_count: 1,
    });
  });

  it('counts syncs and verifications on a secondary, with percentages', async () => {
    await geo.primary.flags.enable('geo_package_file_replication');
    const registries = packageFileRegistryFactory.transient({ site: geo.secondary });
    await registries.create();
    await registries.failed().create();
    await registries.synced().create();
    await registries.synced().verificationSucceeded().create();
    const fields = await updateSiteStatus(geo.secondary, replicators);
    expect(fields).toEqual({
      package_files_count: 4,
      package_files_synced_count: 2,
      package_files_failed_count: 1,
      package_files_registry_count: 4,
      package_files_verification_total_count: 2,
      package_files_verified_count: 1,
      package_files_verification_failed_count: 0,
      package_files_synced_in_percentage: 50,
      package_files_verified_in_percentage: 25,
      package_files_oldest_unsynced_time: expect.any(Number),
    });
    expect((await storedSiteStatus(geo.secondary))?.fields).toEqual(fields);
  });

  it('stores null, not 0, for verification counts while verification is disabled', async () => {
    await geo.primary.flags.disable('geo_package_file_replication');
    await packageFileRegistryFactory
      .transient({ site: geo.secondary })
      .synced()
      .verificationSucceeded()
      .create();
    const fields = await updateSiteStatus(geo.secondary, replicators);
    expect(fields).toEqual({
      package_files_count: 1,
      package_files_synced_count: 1,
      package_files_failed_count: 0,
      package_files_registry_count: 1,
      package_files_verification_total_count: null,
      package_files_verified_count: null,
      package_files_verification_failed_count: null,
      package_files_synced_in_percentage: 100,
      package_files_verified_in_percentage: null,
      package_files_oldest_unsynced_time: -1,
    });
    expect((await storedSiteStatus(geo.secondary))?.fields).toEqual(fields);

    await packageFileFactory.transient({ site: geo.primary }).verificationSucceeded().create();
    expect(await updateSiteStatus(geo.primary, replicators)).toEqual({
      package_files_count: 1,
      package_files_checksum_total_count: null,
      package_files_checksummed_count: null,
      package_files_checksum_failed_count: null,
    });
  });

  it('stores the primary’s status in the main database, and exports gauges', async () => {
    await geo.primary.flags.enable('geo_package_file_replication');
    await packageFileFactory.transient({ site: geo.primary }).create();
    const fields = await updateSiteStatus(geo.primary, replicators);
    expect((await storedSiteStatus(geo.primary))?.fields).toEqual(fields);
    const metrics = new StatusMetrics();
    metrics.update(geo.primary.node, fields);
    expect(await metrics.text()).toContain(
      'geo_package_files{name="primary",url="http://primary.test"} 1',
    );
  });
});
