import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { chromiumExecutable, chromiumUnavailable } from '../testing/chromium.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { servicesRequired } from '../testing/services.ts';
import { useTestDatabases } from '../testing/test-databases.ts';
import { HttpBlobDownloader } from '../transfer/http-blob-downloader.ts';

const TOKEN = 'admin-page-browser-test-token';
const FILES = 3;
/** Generous: two sites sync on a shared, busy machine. */
const DEADLINE_MS = 90_000;
const FAST = {
  syncScheduler: 100,
  registryConsistency: 200,
  verification: 100,
  timeouts: 60_000,
  metrics: 100,
};
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

const unavailable = chromiumUnavailable();
const required = servicesRequired();
if (unavailable !== null && !required)
  console.warn(`\n*** ${unavailable}.\n*** The admin pages' browser test was NOT RUN. ***\n`);

/** Reloads `page` until `check` passes (no fixed sleeps: each round is a reload). */
async function reloadUntil(page: Page, check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.reload();
    }
  }
}

describe.skipIf(unavailable !== null && !required)('admin pages in Chromium [pglite]', () => {
  const databases = useTestDatabases('pglite');
  const geo = useGeoSites(databases, {
    siteOptions: { fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }) },
  });
  let browser: Browser | undefined;
  const runners: SiteRunner[] = [];

  beforeAll(async () => {
    if (unavailable !== null)
      throw new Error(`${unavailable}. GEO_REQUIRE_SERVICES/CI is set, so this test must run.`);
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: ['--no-sandbox'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
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

  async function screenshots(page: Page, name: string): Promise<void> {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const path = `${ARTIFACTS}admin-${name}-${width}.png`;
      await page.screenshot({ path, fullPage: true });
      console.log(`screenshot: ${path}`);
      // Readable at this width: nothing but the tables' own scrolling boxes is wider.
      // A string: the test's TypeScript has no DOM types.
      const overflow = Number(
        await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        ),
      );
      expect(overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('signs in, shows the sync complete, filters, resyncs a registry and signs out', async () => {
    await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
    const primary = await run(geo.primary);
    await new GeoNodes(databases.main).update('primary', { internalUrl: primary.url ?? '' });
    const factory = packageFileFactory.transient({ site: geo.primary });
    for (let index = 0; index < FILES; index += 1)
      await factory.create({ fileContent: `file ${index} `.repeat(50) });
    const secondary = await run(geo.secondary);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      // Not signed in: to the sign-in form; a wrong token is refused, with no cookie.
      await page.goto(`${secondary.url}/admin`);
      expect(new URL(page.url()).pathname).toBe('/admin/sign_in');
      await page.getByLabel('Admin token').fill(`${TOKEN}-wrong`);
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain("That is not this site's admin token");
      expect(await page.context().cookies()).toEqual([]);

      await page.getByLabel('Admin token').fill(TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/admin/geo/sites');
      const [cookie] = await page.context().cookies();
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
      expect(cookie?.value).not.toContain(TOKEN);

      // The secondary's own figures, once its metrics job has counted the synced files.
      const synced = page.locator(
        '[data-site="secondary"] [data-type="package_files"] [data-synced]',
      );
      await reloadUntil(page, async () => {
        expect(await synced.getAttribute('data-synced', { timeout: 1_000 })).toBe(String(FILES));
      });
      const secondarySection = page.locator('[data-site="secondary"]');
      expect(await secondarySection.textContent()).toContain(`Synced ${FILES} (100%)`);
      expect(await page.locator('[data-site="primary"]').textContent()).toContain('Primary');
      await screenshots(page, 'sites');

      // Replication details, filtered by state with the form.
      await page.getByRole('link', { name: 'Package Files', exact: true }).first().click();
      await page.waitForURL('**/admin/geo/replication/package_files');
      await page.getByLabel('Replication state').selectOption('SYNCED');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL((url) => url.searchParams.get('replication_state') === 'SYNCED');
      const rows = page.locator('tr[data-registry]');
      await expect.poll(() => rows.count()).toBe(FILES);
      const first = rows.first();
      const id = await first.getAttribute('data-registry');
      const syncedAt = (await first.locator('td').nth(5).innerText()).trim();
      await screenshots(page, 'replication');

      // Resync one: the flash says it is pending again; the secondary then syncs it anew.
      await page.getByRole('button', { name: `Resync registry ${id}` }).click();
      await page.waitForURL('**/admin/geo/replication/package_files?replication_state=SYNCED');
      expect((await page.getByRole('status').innerText()).trim()).toBe(
        `Registry ${id}: resync scheduled (now pending).`,
      );
      const row = page.locator(`tr[data-registry="${id}"]`);
      await reloadUntil(page, async () => {
        expect((await row.locator('td.state').innerText({ timeout: 1_000 })).trim()).toBe('synced');
        expect((await row.locator('td').nth(5).innerText({ timeout: 1_000 })).trim()).not.toBe(
          syncedAt,
        );
      });

      // Search by record id, then sign out.
      await page.getByLabel('Record id').fill('999999');
      await page.getByLabel('Record id').press('Enter');
      await expect.poll(() => page.locator('main').textContent()).toContain('No registries match.');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/admin/sign_in');
      await page.goto(`${secondary.url}/admin/geo/sites`);
      expect(new URL(page.url()).pathname).toBe('/admin/sign_in');
    } finally {
      await page.close();
    }
  }, 180_000);
});
