import { afterEach, expect, it, vi } from 'vitest';
import { register } from 'prom-client';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import type { PackageFile } from '../../app/models/package-file.ts';
import { PackageFileRegistry } from '../../app/registries/package-file-registry.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { promtoolFindings, promtoolUnavailable } from '../testing/promtool.ts';
import { servicesRequired } from '../testing/services.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { HttpBlobDownloader } from '../transfer/http-blob-downloader.ts';

const TOKEN = 'metrics-endpoint-test-admin-token';
const AS_ADMIN = { headers: { authorization: `Bearer ${TOKEN}` } };
/** Every recurring job a few times a second: the test waits for outcomes, not for minutes. */
const FAST = {
  syncScheduler: 100,
  registryConsistency: 200,
  verification: 100,
  timeouts: 60_000,
  metrics: 100,
};
const WAIT = { timeout: 60_000, interval: 100 };
const CONTENTS = ['a'.repeat(100), 'b'.repeat(2_000), 'c'.repeat(30_000)];

/**
 * What promtool flags that we keep: gauges the original names `…_total` (the status fields
 * `<plural>_checksum_total_count` and `<plural>_verification_total_count`), kept for the
 * dashboards written for it (see docs/monitoring/metrics.md).
 */
const KEPT_FOR_COMPATIBILITY =
  /^geo_[a-z_]+_(checksum|verification)_total non-counter metrics should not have "_total" suffix$/;

const promtool = promtoolUnavailable();
const promtoolRequired = servicesRequired();
if (promtool !== null && !promtoolRequired)
  console.warn(`\n*** ${promtool}.\n*** The promtool check of /metrics was NOT RUN. ***\n`);

/** The sample of `metric` with exactly these labels, as a number (undefined: no such sample). */
function sample(text: string, metric: string, labels = ''): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${metric}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describeOnEachEngine('GET /metrics after replication', (databases) => {
  const geo = useGeoSites(databases, {
    siteOptions: { fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }) },
  });
  const runners: SiteRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close()));
  });

  const run = async (site: GeoSite) => {
    const runner = await new SiteRunner({
      site,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      queue: new InProcessQueue<GeoJobs>({ concurrency: 4 }),
      intervals: FAST,
      http: { port: 0, hostname: '127.0.0.1' },
      adminToken: TOKEN,
      cursorIdleMs: 100,
    }).start();
    runners.push(runner);
    return runner;
  };
  const metricsOf = async (runner: SiteRunner) => {
    const response = await fetch(`${runner.url}/metrics`, AS_ADMIN);
    expect(response.status).toBe(200);
    return { contentType: response.headers.get('content-type'), text: await response.text() };
  };

  /**
   * Three files on the primary, checksummed there; then a secondary starts (its cursor at the
   * end of the log, so each file is synced once, by the scheduler) and syncs and verifies them.
   * Returns both sites' `/metrics` once the secondary's status gauges show all three verified.
   */
  const replicateThreeFiles = async () => {
    await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
    const primary = await run(geo.primary);
    await new GeoNodes(databases.main).update('primary', { internalUrl: primary.url ?? '' });
    const factory = packageFileFactory.transient({ site: geo.primary });
    const files: PackageFile[] = [];
    for (const fileContent of CONTENTS) files.push(await factory.create({ fileContent }));
    await vi.waitFor(async () => {
      const text = (await metricsOf(primary)).text;
      expect(
        sample(text, 'geo_package_files_checksummed', '{name="primary",url="http://primary.test"}'),
      ).toBe(3);
    }, WAIT);

    const secondary = await run(geo.secondary);
    let secondaryText = '';
    await vi.waitFor(async () => {
      for (const file of files) {
        const registry = await PackageFileRegistry.findByModelId(geo.secondary, file.id);
        expect([registry?.state, registry?.verificationState]).toEqual(['synced', 'succeeded']);
      }
      secondaryText = (await metricsOf(secondary)).text;
      expect(
        sample(
          secondaryText,
          'geo_package_files_verified',
          '{name="secondary",url="http://secondary.test"}',
        ),
      ).toBe(3);
    }, WAIT);
    return { primary: await metricsOf(primary), secondary: await metricsOf(secondary) };
  };

  it('counts what the sites did: syncs, bytes, verifications, the event log and the cursor', async () => {
    const { primary, secondary } = await replicateThreeFiles();
    expect(primary.contentType).toBe(register.contentType);
    expect(secondary.contentType).toBe(register.contentType);

    const bytes = CONTENTS.reduce((sum, content) => sum + Buffer.byteLength(content), 0);
    const type = '{data_type="package_file"}';
    const success = '{data_type="package_file",outcome="success"}';
    expect(sample(secondary.text, 'geo_sync_attempts_total', success)).toBe(3);
    expect(secondary.text).not.toMatch(/^geo_sync_attempts_total\{.*outcome="failure"\}/m);
    expect(sample(secondary.text, 'geo_sync_downloaded_bytes_total', type)).toBe(bytes);
    expect(sample(secondary.text, 'geo_sync_duration_seconds_count', type)).toBe(3);
    expect(sample(secondary.text, 'geo_sync_duration_seconds_sum', type)).toBeGreaterThan(0);
    expect(sample(secondary.text, 'geo_verification_attempts_total', success)).toBe(3);
    expect(sample(secondary.text, 'geo_verification_duration_seconds_count', type)).toBe(3);
    // The primary checksummed each file once, and synced nothing.
    expect(sample(primary.text, 'geo_verification_attempts_total', success)).toBe(3);
    expect(sample(primary.text, 'geo_verification_duration_seconds_count', type)).toBe(3);
    expect(primary.text).not.toMatch(/^geo_sync_attempts_total\{/m);

    // Three `created` and three `checksum_succeeded` events; the secondary's cursor started at
    // the newest, and both sites report it with the time it was written.
    const newest = await databases.main
      .selectFrom('geo_event_log')
      .select(['id', 'created_at'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const at = new Date(newest.created_at).getTime() / 1000;
    const sites = {
      primary: '{name="primary",url="http://primary.test"}',
      secondary: '{name="secondary",url="http://secondary.test"}',
    };
    expect(sample(primary.text, 'geo_last_event_id', sites.primary)).toBe(Number(newest.id));
    expect(sample(primary.text, 'geo_last_event_timestamp', sites.primary)).toBe(at);
    expect(primary.text).not.toMatch(/^geo_cursor_last_event_id\{/m);
    expect(sample(secondary.text, 'geo_last_event_id', sites.secondary)).toBe(Number(newest.id));
    expect(sample(secondary.text, 'geo_cursor_last_event_id', sites.secondary)).toBe(
      Number(newest.id),
    );
    expect(sample(secondary.text, 'geo_cursor_last_event_timestamp', sites.secondary)).toBe(at);

    for (const { text } of [primary, secondary]) {
      // The process's default metrics, from the site's own registry.
      expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      // Every metric explains itself.
      const families = [...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]);
      const helps = new Map(
        [...text.matchAll(/^# HELP (\S+) (.*)$/gm)].map((match) => [match[1], match[2]]),
      );
      for (const family of families) {
        expect(helps.get(family), family).toMatch(/\w+ \w+/);
        expect(helps.get(family), family).not.toMatch(/^Geo status field/);
      }
    }
    expect(new Set(primary.text.match(/^# TYPE \S+/gm)).size).toBe(
      primary.text.match(/^# TYPE \S+/gm)?.length,
    );
  });

  it.skipIf(promtool !== null && !promtoolRequired)(
    'passes `promtool check metrics` on both sites, but for the gauges kept for compatibility',
    async () => {
      if (promtool !== null)
        throw new Error(`${promtool}. GEO_REQUIRE_SERVICES/CI is set, so this check must run.`);
      const { primary, secondary } = await replicateThreeFiles();
      const kept: string[] = [];
      for (const [site, { text }] of Object.entries({ primary, secondary })) {
        const findings = promtoolFindings(text);
        expect(
          findings.filter((finding) => !KEPT_FOR_COMPATIBILITY.test(finding)),
          site,
        ).toEqual([]);
        kept.push(...findings);
      }
      // Exactly the gauges the docs list, no more: the filter hides nothing else.
      expect(kept.map((finding) => finding.split(' ')[0]).sort()).toEqual([
        'geo_package_files_checksum_total',
        'geo_package_files_verification_total',
      ]);
    },
  );
});
