import { expect, it } from 'vitest';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { EmptyAdminTokenError } from '../http/admin-access.ts';
import { MAX_REQUEST_BODY_BYTES } from '../http/body-limit.ts';
import { StatusMetrics } from '../status/prometheus.ts';
import { storedSiteStatus, updateSiteStatus } from '../status/site-status.ts';
import { STATUS_POST_PATH } from '../status/site-statuses.ts';
import {
  formatGeoAuthorization,
  geoStatusAuthorization,
  geoTransferAuthorization,
} from '../transfer/authorization-header.ts';
import { signStatusToken } from '../transfer/transfer-token.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { siteHttpApp, STATUS_PATH } from './site-http.ts';

const replicatorClasses = [PackageFileReplicator];
const TOKEN = 'site-http-test-admin-token';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeOnEachEngine('site HTTP status', (databases) => {
  const geo = useGeoSites(databases);

  const appFor = async (adminToken: string | undefined) => {
    const metrics = new StatusMetrics();
    metrics.update(geo.secondary.node, await updateSiteStatus(geo.secondary, replicatorClasses));
    return siteHttpApp({
      site: geo.secondary,
      replicatorClasses,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      metrics,
      ...(adminToken !== undefined && { adminToken }),
    });
  };

  it('serves null verification counts while verification is disabled, and no gauges for them', async () => {
    await geo.primary.flags.disable(PackageFileReplicator.replicationFeatureFlag);
    await packageFileRegistryFactory.transient({ site: geo.secondary }).synced().create();
    const app = await appFor(TOKEN);

    const response = await app.request(STATUS_PATH, { headers: bearer(TOKEN) });
    expect(response.status).toBe(200);
    const listed = (await response.json()) as { name: string }[];
    expect(listed.map((entry) => entry.name)).toEqual(['primary', 'secondary']);
    expect(listed[1]).toMatchObject({
      name: 'secondary',
      outdated: false,
      package_files_registry_count: 1,
      package_files_synced_count: 1,
      package_files_oldest_unsynced_time: -1,
      package_files_verification_total_count: null,
      package_files_verified_count: null,
      package_files_verification_failed_count: null,
      package_files_verified_in_percentage: null,
    });

    const text = await (await app.request('/metrics', { headers: bearer(TOKEN) })).text();
    expect(text).toContain(
      'geo_package_files_registry{name="secondary",url="http://secondary.test"} 1',
    );
    expect(text).not.toMatch(/^geo_package_files_verif\w*\{/m);
  });

  it('serves no status, metrics or GraphQL without an admin token, saying how to set one', async () => {
    const app = await appFor(undefined);
    const graphql = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer('guess') },
      body: JSON.stringify({
        query:
          'mutation { geoRegistriesBulkUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, action: RESYNC_ALL }) { updatedCount } }',
      }),
    };
    const refusals = [
      [await app.request(STATUS_PATH), 'the status API'],
      [await app.request(STATUS_PATH, { headers: bearer('guess') }), 'the status API'],
      [await app.request('/metrics'), 'the metrics endpoint'],
    ] as const;
    for (const [response, what] of refusals) {
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        message:
          `This site was started without an admin token, so ${what} is off. Start it with ` +
          '--admin-token <token> (or GEO_ADMIN_TOKEN), then send `Authorization: Bearer <token>`.',
      });
    }
    const mutation = await app.request('/api/graphql', graphql);
    expect(mutation.status).toBe(403);
    expect(
      ((await mutation.json()) as { errors: { message: string }[] }).errors[0]?.message,
    ).toMatch('This site was started without an admin token, so its GraphQL API is off.');
    // A load balancer's check needs no token.
    expect((await app.request('/-/health')).status).toBe(200);
  });

  it('answers 401 for status and metrics without the token or with another one', async () => {
    const app = await appFor(TOKEN);
    for (const path of [STATUS_PATH, '/metrics']) {
      const missing = await app.request(path);
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="geo"');
      expect(((await missing.json()) as { message: string }).message).toMatch(
        "needs this site's admin token: send `Authorization: Bearer <token>`.",
      );
      const wrong = await app.request(path, { headers: bearer(`${TOKEN}!`) });
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as { message: string }).message).toBe(
        "The token in `Authorization: Bearer <token>` is not this site's admin token: send the " +
          'one the site was started with (--admin-token <token> (or GEO_ADMIN_TOKEN)).',
      );
      const basic = await app.request(path, { headers: { authorization: `Basic ${TOKEN}` } });
      expect(basic.status).toBe(401);
    }
  });

  it('refuses a request body over the limit with 413 on every route, with or without a length', async () => {
    const app = await appFor(TOKEN);
    const message = `The request body is over ${MAX_REQUEST_BODY_BYTES} bytes (1 MiB), the most this site reads: send less per request.`;
    const big = new Uint8Array(MAX_REQUEST_BODY_BYTES + 1).fill(0x20);
    for (const path of ['/api/graphql', STATUS_PATH, '/api/v4/geo/retrieve/package_file/1']) {
      const sized = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(TOKEN) },
        body: big,
      });
      expect(sized.status).toBe(413);
      expect(JSON.stringify(await sized.json())).toContain(message);
    }
    // Chunked: no Content-Length to go by, so the limit counts what it reads.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent <= MAX_REQUEST_BODY_BYTES; sent += 64 * 1024)
          controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        controller.close();
      },
    });
    const chunked = await app.request('/api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(TOKEN) },
      body: chunks,
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
  });

  it('refuses a blank admin token at once', async () => {
    await expect(appFor('  ')).rejects.toThrow(EmptyAdminTokenError);
  });
});

describeOnEachEngine('site HTTP statuses on the primary', (databases) => {
  const geo = useGeoSites(databases);
  const HOUR = 3_600_000;
  let clock = new Date('2030-01-01T00:00:00Z');

  const primaryApp = () =>
    siteHttpApp({
      site: geo.primary,
      replicatorClasses,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      metrics: new StatusMetrics(),
      adminToken: TOKEN,
      now: () => clock,
    });
  const post = (app: ReturnType<typeof primaryApp>, authorization: string, body: unknown) =>
    app.request(STATUS_POST_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    });
  const list = async (app: ReturnType<typeof primaryApp>) => {
    const response = await app.request(STATUS_PATH, { headers: bearer(TOKEN) });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>[];
  };
  const received = () =>
    databases.main
      .selectFrom('geo_node_statuses')
      .select('geo_node_id')
      .where('geo_node_id', '=', geo.secondary.node.id)
      .execute();

  it('stores a secondary’s posted status and lists every site with its age, outdated after an hour', async () => {
    clock = new Date('2030-01-01T00:00:00Z');
    const app = primaryApp();
    await updateSiteStatus(geo.primary, replicatorClasses, { now: clock });
    const figures = { package_files_registry_count: 4, package_files_verified_count: null };
    const accepted = await post(app, await geoStatusAuthorization(geo.secondary.node), {
      geo_node_id: geo.secondary.node.id,
      ...figures,
    });
    expect(accepted.status).toBe(201);

    clock = new Date(clock.getTime() + 90_000);
    const [primary, secondary] = await list(app);
    expect(primary).toMatchObject({ name: 'primary', primary: true, age_seconds: 90 });
    expect(secondary).toEqual({
      geo_node_id: geo.secondary.node.id,
      name: 'secondary',
      url: 'http://secondary.test',
      primary: false,
      enabled: true,
      updated_at: '2030-01-01T00:00:00.000Z',
      age_seconds: 90,
      outdated: false,
      ...figures,
    });

    clock = new Date(clock.getTime() + HOUR);
    expect((await list(app))[1]).toMatchObject({ age_seconds: 3690, outdated: true });
    // A site that never posted is listed too: no figures, and outdated.
    await geo.addSite({ name: 'quiet', url: 'http://quiet.test' });
    expect((await list(app))[2]).toEqual(
      expect.objectContaining({
        name: 'quiet',
        updated_at: null,
        age_seconds: null,
        outdated: true,
      }),
    );
  });

  it('refuses a status posted with a bad key, another site’s key or for another site, and stores nothing', async () => {
    const app = primaryApp();
    const other = await geo.addSite({ name: 'other', url: 'http://other.test' });
    const { node } = geo.secondary;
    const body = { geo_node_id: node.id, package_files_registry_count: 1 };
    const forged = formatGeoAuthorization({
      accessKey: node.accessKey,
      token: await signStatusToken(other.node.secretAccessKey, { geoNodeId: node.id }),
    });
    const unknownKey = formatGeoAuthorization({
      accessKey: 'no-such-access-key',
      token: await signStatusToken(node.secretAccessKey, { geoNodeId: node.id }),
    });
    // Signed by the secondary, but naming another site: the token only ever speaks for its signer.
    const forOther = formatGeoAuthorization({
      accessKey: node.accessKey,
      token: await signStatusToken(node.secretAccessKey, { geoNodeId: other.node.id }),
    });
    const transferToken = await geoTransferAuthorization(node, {
      replicableName: 'package_file',
      replicableId: 1,
    });
    for (const authorization of ['', 'Bearer x', forged, unknownKey, forOther, transferToken]) {
      const response = await post(app, authorization, body);
      expect(response.status, authorization).toBe(401);
    }
    // Another site's own, valid key, posting the secondary's status.
    const asOther = await post(app, await geoStatusAuthorization(other.node), body);
    expect(asOther.status).toBe(403);
    const asPrimary = await post(app, await geoStatusAuthorization(geo.primary.node), {
      package_files_count: 1,
    });
    expect(asPrimary.status).toBe(403);
    expect(await received()).toEqual([]);
    expect(await storedSiteStatus(geo.primary)).toBeUndefined();

    const malformed = await post(app, await geoStatusAuthorization(node), { name: 'x' });
    expect(malformed.status).toBe(400);
    expect(await received()).toEqual([]);
  });

  it('serves the list only with the admin token', async () => {
    const app = primaryApp();
    expect((await app.request(STATUS_PATH)).status).toBe(401);
    expect((await app.request(STATUS_PATH, { headers: bearer('guess') })).status).toBe(401);
  });
});
