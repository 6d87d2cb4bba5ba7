import { expect, it } from 'vitest';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { siteHttpApp } from '../site-runner/site-http.ts';
import { StatusMetrics } from '../status/prometheus.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { ADMIN_SESSION_COOKIE } from './admin-routes.ts';

const TOKEN = 'admin-pages-test-token';
const form = (fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    ...(cookie !== undefined && { cookie }),
  },
  body: new URLSearchParams(fields).toString(),
});

describeOnEachEngine('admin pages over HTTP', (databases) => {
  const geo = useGeoSites(databases);
  const appFor = (adminToken: string | undefined) =>
    siteHttpApp({
      site: geo.secondary,
      replicatorClasses: [PackageFileReplicator],
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      metrics: new StatusMetrics(),
      ...(adminToken !== undefined && { adminToken }),
    });

  /** Signs in and answers the session cookie (`name=value`). */
  async function signIn(app: ReturnType<typeof appFor>): Promise<string> {
    const response = await app.request('/admin/sign_in', form({ token: TOKEN }));
    expect(response.status).toBe(303);
    return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  it('refuses a wrong token with a message and no cookie, and sets a strict, HttpOnly cookie for the right one', async () => {
    const app = appFor(TOKEN);
    expect((await app.request('/')).headers.get('location')).toBe('/admin');
    const anonymous = await app.request('/admin');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/admin/sign_in');
    expect((await app.request('/admin/geo/sites')).headers.get('location')).toBe('/admin/sign_in');

    const wrong = await app.request('/admin/sign_in', form({ token: `${TOKEN}!` }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain("That is not this site's admin token");
    const blank = await app.request('/admin/sign_in', form({ token: '' }));
    expect(blank.status).toBe(401);
    expect(blank.headers.get('set-cookie')).toBeNull();

    const right = await app.request('/admin/sign_in', form({ token: TOKEN }));
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/admin/geo/sites');
    const cookie = right.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${ADMIN_SESSION_COOKIE}=[\\w-]{40,};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin');
    expect(cookie).not.toContain(TOKEN);

    const sites = await app.request('/admin/geo/sites', {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(sites.status).toBe(200);
    const text = await sites.text();
    expect(text).toContain('<h2 id="site-');
    expect(text).toMatch(/primary[\s\S]*secondary \(this site\)/);
  });

  it('refuses POSTs without the session’s CSRF token with 403, and shows an action’s result after the redirect', async () => {
    await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
    const [file] = await packageFileFactory.transient({ site: geo.primary }).createList(1);
    const registry = await packageFileRegistryFactory
      .transient({ site: geo.secondary })
      .failed()
      .create({ model_record_id: file!.id });
    const app = appFor(TOKEN);
    const cookie = await signIn(app);
    const page = await app.request(
      '/admin/geo/replication/package_files?replication_state=failed',
      {
        headers: { cookie },
      },
    );
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain(`data-registry="${registry.id}"`);
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(text)?.[1] ?? '';
    expect(csrf).not.toBe('');

    const path = '/admin/geo/replication/package_files/actions';
    const fields = { action: 'resync', registry_id: String(registry.id) };
    for (const refused of [
      await app.request(path, form(fields, cookie)),
      await app.request(path, form({ ...fields, csrf_token: `${csrf}x` }, cookie)),
      await app.request(path, form({ ...fields, csrf_token: csrf })),
      await app.request('/admin/sign_out', form({}, cookie)),
    ]) {
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('reload the page and try again');
    }

    const done = await app.request(path, form({ ...fields, csrf_token: csrf }, cookie));
    expect(done.status).toBe(303);
    const after = await (
      await app.request(done.headers.get('location') ?? '', { headers: { cookie } })
    ).text();
    expect(after).toContain(`Registry ${registry.id}: resync scheduled (now pending).`);
    // A flash shows once.
    const again = await (
      await app.request('/admin/geo/replication/package_files', { headers: { cookie } })
    ).text();
    expect(again).not.toContain('resync scheduled');

    const out = await app.request('/admin/sign_out', form({ csrf_token: csrf }, cookie));
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await app.request('/admin/geo/sites', { headers: { cookie } })).status).toBe(302);
  });

  it('keeps the pages closed on a site without an admin token', async () => {
    const app = appFor(undefined);
    const response = await app.request('/admin/sign_in', form({ token: 'anything' }));
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('was started without an admin token');
  });
});
