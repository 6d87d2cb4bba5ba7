import { expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';

const TOKEN = 'admin-sites-status-test-token';

/** The attributes of an HTML start tag (double-quoted values, as the pages write them). */
function attributesOf(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
}

/** What the Sites page shows of one site: its section's attributes and its data-type rows'. */
function siteOnPage(page: string, name: string) {
  for (const section of page.matchAll(/<section\b[^>]*>[\s\S]*?<\/section>/g)) {
    const text = section[0];
    const attributes = attributesOf(/^<section\b[^>]*>/.exec(text)?.[0] ?? '');
    if (attributes.get('data-site') !== name) continue;
    const rows = [...text.matchAll(/<tr\b[^>]*data-type="[^"]*"[^>]*>/g)].map((row) =>
      attributesOf(row[0]),
    );
    const ageText = attributes.get('data-age-seconds') ?? '';
    return {
      ageSeconds: ageText === '' ? null : Number(ageText),
      outdated: attributes.get('data-outdated') === 'true',
      registryCount: (type: string) => {
        const row = rows.find((attrs) => attrs.get('data-type') === type);
        return row === undefined ? undefined : Number(row.get('data-registry-count'));
      },
    };
  }
  return undefined;
}

describeOnEachEngine('the primary’s admin Sites page', (databases) => {
  const geo = useGeoSites(databases);

  it('shows a secondary’s posted status, growing older and then outdated once it stops', async () => {
    await geo.primary.flags.enable('geo_package_file_replication');
    const [synced] = await packageFileFactory.transient({ site: geo.primary }).createList(2);
    await packageFileRegistryFactory
      .transient({ site: geo.secondary })
      .synced()
      .create({ model_record_id: synced!.id });
    // The primary's clock: moved by hand once the secondary stops, so no test waits a minute.
    let offsetMs = 0;
    const runner = (site: GeoSite, metrics: number) =>
      new SiteRunner({
        site,
        replicatorClasses: REPLICATOR_CLASSES,
        registryFields: GEO_NODE_REGISTRY_FIELDS,
        queue: new InProcessQueue<GeoJobs>({ concurrency: 2 }),
        intervals: {
          metrics,
          verification: 60_000,
          syncScheduler: 60_000,
          registryConsistency: 60_000,
          timeouts: 60_000,
        },
        http: { port: 0 },
        adminToken: TOKEN,
        logCursor: false,
        statusOutdatedAfterMs: 60_000,
        ...(site.isPrimary() && { now: () => new Date(Date.now() + offsetMs) }),
      }).start();
    const primary = await runner(geo.primary, 60_000);
    try {
      await new GeoNodes(databases.main).update('primary', {
        url: primary.url ?? '',
        internalUrl: primary.url ?? '',
      });
      const signIn = await fetch(`${primary.url}/admin/sign_in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: TOKEN }).toString(),
        redirect: 'manual',
      });
      expect(signIn.status).toBe(303);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).not.toBe('');
      const secondaryOnPage = async () => {
        const response = await fetch(`${primary.url}/admin/geo/sites`, {
          headers: { cookie },
          redirect: 'manual',
        });
        expect(response.status).toBe(200);
        return siteOnPage(await response.text(), 'secondary');
      };

      const secondary = await runner(geo.secondary, 50);
      try {
        await expect
          .poll(async () => (await secondaryOnPage())?.registryCount('package_files'), {
            timeout: 30_000,
          })
          .toBe(2);
        const shown = await secondaryOnPage();
        expect(shown?.outdated).toBe(false);
        expect(shown?.ageSeconds).toBeLessThan(30);
      } finally {
        await secondary.close();
      }

      // Stopped: no more posts, so only the primary's clock ages the status.
      const age = (await secondaryOnPage())?.ageSeconds ?? Number.NaN;
      expect(age).toBeGreaterThanOrEqual(0);
      offsetMs += 30_000;
      const later = await secondaryOnPage();
      expect(later?.ageSeconds).toBeGreaterThanOrEqual(age + 30);
      expect(later?.outdated).toBe(false);
      offsetMs += 60_000;
      const quiet = await secondaryOnPage();
      expect(quiet?.ageSeconds).toBeGreaterThanOrEqual(age + 90);
      expect(quiet?.outdated).toBe(true);
      expect(quiet?.registryCount('package_files')).toBe(2);
    } finally {
      await primary.close();
    }
  });
});
