import { getIntrospectionQuery } from 'graphql';
import { expect, it, vi } from 'vitest';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { packageFileRegistryFactory } from '../../app/factories/package-file-registry-factory.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { RegistriesResolver } from './registries-resolver.ts';
import type { GeoNodeRegistryField } from './registry-field.ts';
import { EmptyAdminTokenError } from '../http/admin-access.ts';
import { MAX_REQUEST_BODY_BYTES } from '../http/body-limit.ts';
import { GRAPHQL_LIMITS } from './limits.ts';
import { GRAPHQL_PATH, graphqlRoutes } from './routes.ts';

const FLAG = 'geo_package_file_replication';
const [packageFileField] = GEO_NODE_REGISTRY_FIELDS as [GeoNodeRegistryField];
const TOKEN = 'routes-test-admin-token';

interface Body {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly {
    readonly message: string;
    readonly extensions?: { code?: string };
  }[];
}

function routes(
  site: GeoSite,
  options: {
    fields?: readonly GeoNodeRegistryField[];
    onUnexpectedError?: (error: unknown) => void;
    /** The site's token (default TOKEN); null: a site started without one. */
    adminToken?: string | null;
    /** The token requests send (default: the site's); null: none. */
    send?: string | null;
  } = {},
) {
  const adminToken = options.adminToken === undefined ? TOKEN : options.adminToken;
  const app = graphqlRoutes({
    site,
    registryFields: options.fields ?? GEO_NODE_REGISTRY_FIELDS,
    onUnexpectedError: options.onUnexpectedError ?? (() => {}),
    ...(adminToken !== null && { adminToken }),
  });
  const send = options.send === undefined ? adminToken : options.send;
  const call = async (init: RequestInit & { search?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (send !== null) headers.set('authorization', `Bearer ${send}`);
    const response = await app.request(`${GRAPHQL_PATH}${init.search ?? ''}`, {
      ...init,
      headers,
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Body,
    };
  };
  const post = (query: string, variables: Record<string, unknown> = {}) =>
    call({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  return { call, post };
}

describeOnEachEngine('graphqlRoutes', (databases) => {
  const geo = useGeoSites(databases);
  const create = () => packageFileRegistryFactory.transient({ site: geo.secondary });

  it('lists nothing on the primary, and says where registries are when asked to change them', async () => {
    await geo.primary.flags.enable(FLAG);
    await create().synced().create();
    const { post } = routes(geo.primary);
    const listed = await post(
      '{ geoNode { name primary packageFileRegistries { count nodes { id } } } }',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual({
      geoNode: { name: 'primary', primary: true, packageFileRegistries: { count: 0, nodes: [] } },
    });
    const changed = await post(
      'mutation { geoRegistriesBulkUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, action: RESYNC_ALL }) { updatedCount } }',
    );
    expect(changed.body.errors?.[0]?.message).toBe(
      "Site primary is the Geo primary: registries live in each secondary's tracking database. " +
        'Send this mutation to the /api/graphql of the secondary whose registries you mean.',
    );
    expect(changed.body.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');
  });

  it("shows other sites by name, without their registries (only a site's own are listed)", async () => {
    await geo.primary.flags.enable(FLAG);
    await create().create();
    const { post } = routes(geo.secondary);
    const query =
      'query($name: String) { geoNode(name: $name) { name url packageFileRegistries { count } } }';
    expect((await post(query, { name: 'primary' })).body.data).toEqual({
      geoNode: { name: 'primary', url: 'http://primary.test', packageFileRegistries: { count: 0 } },
    });
    expect((await post(query)).body.data).toEqual({
      geoNode: {
        name: 'secondary',
        url: 'http://secondary.test',
        packageFileRegistries: { count: 1 },
      },
    });
    expect((await post(query, { name: 'nowhere' })).body.data).toEqual({ geoNode: null });
  });

  it('answers queries over GET, and refuses mutations over GET with 405', async () => {
    const { call } = routes(geo.secondary);
    const query = await call({ search: `?query=${encodeURIComponent('{ geoNode { name } }')}` });
    expect(query.status).toBe(200);
    expect(query.body.data).toEqual({ geoNode: { name: 'secondary' } });
    const mutation = await call({
      search: `?query=${encodeURIComponent('mutation { __typename }')}`,
    });
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    expect(mutation.body.errors?.[0]?.message).toBe(
      'Mutations change state: send them with POST, not GET.',
    );
    expect((await call({ method: 'PUT' })).status).toBe(405);
  });

  it('refuses malformed requests with 4xx and a message saying what to send', async () => {
    const { call, post } = routes(geo.secondary);
    const text = await call({
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    const json = (body: string) =>
      call({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await json('{"query": ')).body.errors?.[0]?.message).toMatch(
      'The body is not valid JSON',
    );
    expect((await json('[]')).status).toBe(400);
    expect((await json('{}')).body.errors?.[0]?.message).toBe(
      'Send the GraphQL document as a non-empty string in `query`.',
    );
    expect((await json('{"query": "{ geoNode { name } }", "variables": [1]}')).status).toBe(400);
    const syntax = await post('{ geoNode { name ');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.message).toMatch(/^Syntax Error/);
    const variables = await post('query($first: Int) { geoNode { name } }', { first: 'many' });
    expect(variables.status).toBe(400);
  });

  it('is off without an admin token, queries included, saying how to give the site one', async () => {
    const { call, post } = routes(geo.secondary, { adminToken: null, send: null });
    const message =
      'This site was started without an admin token, so its GraphQL API is off. Start it with ' +
      '--admin-token <token> (or GEO_ADMIN_TOKEN), then send `Authorization: Bearer <token>`.';
    const mutation = await post(
      'mutation { geoRegistriesBulkUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, action: RESYNC_ALL }) { updatedCount } }',
    );
    expect(mutation.status).toBe(403);
    expect(mutation.body).toEqual({ errors: [{ message }] });
    expect((await post('{ geoNode { name } }')).status).toBe(403);
    const overGet = await call({ search: `?query=${encodeURIComponent('{ geoNode { name } }')}` });
    expect(overGet.status).toBe(403);
    // A token the site does not have opens nothing either.
    const guessed = routes(geo.secondary, { adminToken: null, send: 'guess' });
    expect((await guessed.post('{ geoNode { name } }')).status).toBe(403);
  });

  it('answers 401 without the token or with another one, naming the header to send', async () => {
    const query = '{ geoNode { name } }';
    const missing = await routes(geo.secondary, { send: null }).post(query);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="geo"');
    expect(missing.body.errors?.[0]?.message).toBe(
      "Its GraphQL API needs this site's admin token: send `Authorization: Bearer <token>`.",
    );
    expect(missing.body.data).toBeUndefined();
    const wrong = await routes(geo.secondary, { send: `${TOKEN}x` }).post(query);
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0]?.message).toBe(
      "The token in `Authorization: Bearer <token>` is not this site's admin token: send the " +
        'one the site was started with (--admin-token <token> (or GEO_ADMIN_TOKEN)).',
    );
    const right = await routes(geo.secondary).post(query);
    expect(right.status).toBe(200);
    expect(right.body.data).toEqual({ geoNode: { name: 'secondary' } });
  });

  it('refuses an empty or blank admin token at once', () => {
    for (const adminToken of ['', ' ']) {
      expect(() =>
        graphqlRoutes({
          site: geo.secondary,
          registryFields: GEO_NODE_REGISTRY_FIELDS,
          adminToken,
        }),
      ).toThrow(EmptyAdminTokenError);
    }
  });

  it('refuses 5,000 aliases before running any of them', async () => {
    const findByName = vi.spyOn(geo.secondary.nodes, 'findByName');
    const aliases = Array.from(
      { length: 5000 },
      (_, i) => `a${i}: geoNode(name: "primary") { name }`,
    );
    const response = await routes(geo.secondary).post(`{ ${aliases.join(' ')} }`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          message: `Query has 5000 aliases; the limit is ${GRAPHQL_LIMITS.aliases}. Send fewer aliased fields per request.`,
          extensions: { code: 'QUERY_TOO_LARGE' },
        },
      ],
    });
    expect(findByName).not.toHaveBeenCalled();
    // Fragments are counted as often as they are spread.
    const fragment = 'fragment Two on GeoNode { a: name b: name }';
    const spreads = Array.from({ length: 51 }, (_, i) => `n${i}: geoNode { ...Two }`);
    const spread = await routes(geo.secondary).post(`{ ${spreads.join(' ')} } ${fragment}`);
    expect(spread.body.errors?.[0]?.message).toMatch('Query has 153 aliases; the limit is 100.');
  });

  it('refuses a query nested deeper than the depth limit, and serves introspection', async () => {
    const { post } = routes(geo.secondary);
    let nested = 'name';
    for (let i = 0; i < 10; i += 1) nested = `fields { type { ${nested} } }`;
    const deep = await post(`{ __schema { types { ${nested} } } }`);
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.message).toBe(
      `Query is 23 fields deep; the limit is ${GRAPHQL_LIMITS.depth}. Nest fewer fields.`,
    );
    const introspection = await post(getIntrospectionQuery());
    expect(introspection.status).toBe(200);
    expect(introspection.body.errors).toBeUndefined();
  });

  it('refuses a query costing more than the limit, counting each field once per page item', async () => {
    await geo.primary.flags.enable(FLAG);
    const fields =
      'id modelRecordId state retryCount lastSyncFailure retryAt lastSyncedAt createdAt ' +
      'checksumMismatch verificationState verificationChecksum verificationFailure verifiedAt';
    const query = (page: string) =>
      `query${page.includes('$first') ? '($first: Int)' : ''} { geoNode { ${[
        'a',
        'b',
        'c',
        'd',
        'e',
        'f',
        'g',
        'h',
      ]
        .map((alias) => `${alias}: packageFileRegistries${page} { nodes { ${fields} } }`)
        .join(' ')} } }`;
    const { post } = routes(geo.secondary);
    // 8 full pages of 100 registries with 13 fields each: 8 × (2 + 100 × 13) + 1.
    const full = await post(query(''));
    expect(full.status).toBe(400);
    expect(full.body.errors?.[0]?.message).toBe(
      `Query costs 10417 (each field once, times the page size inside connections); the limit ` +
        `is ${GRAPHQL_LIMITS.cost}. Ask for fewer fields or smaller pages (first/last), over several requests.`,
    );
    // Smaller pages, as literals or variables, cost less.
    expect((await post(query('(first: 10)'))).body.errors).toBeUndefined();
    expect((await post(query('(first: $first)'), { first: 10 })).body.errors).toBeUndefined();
    expect((await post(query('(first: $first)'))).status).toBe(400);
  });

  it('refuses an ids filter longer than the limit with a clear error, in queries and mutations', async () => {
    await geo.primary.flags.enable(FLAG);
    const ids = Array.from({ length: 70_000 }, (_, i) => String(i + 1));
    const message = `ids has 70000 entries; the limit is ${GRAPHQL_LIMITS.filterListEntries}. Send the ids over several requests, or filter by state instead.`;
    const { post } = routes(geo.secondary);
    const listed = await post(
      'query($ids: [ID!]) { geoNode { packageFileRegistries(ids: $ids) { count } } }',
      { ids },
    );
    expect(listed.body.errors?.[0]).toMatchObject({
      message,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const changed = await post(
      `mutation($ids: [ID!]) {
        geoRegistriesBulkUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, action: RESYNC_ALL, ids: $ids }) { updatedCount }
      }`,
      { ids },
    );
    expect(changed.body.errors?.[0]).toMatchObject({
      message,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const atTheLimit = ids.slice(0, GRAPHQL_LIMITS.filterListEntries);
    const counted = await post(
      'query($ids: [ID!]) { geoNode { packageFileRegistries(ids: $ids) { count } } }',
      { ids: atTheLimit },
    );
    expect(counted.body).toEqual({ data: { geoNode: { packageFileRegistries: { count: 0 } } } });
  });

  it('refuses a body over the limit with 413, before reading it as JSON', async () => {
    const { call } = routes(geo.secondary);
    const padding = ' '.repeat(MAX_REQUEST_BODY_BYTES);
    const response = await call({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query": "{ geoNode { name } }"${padding}}`,
    });
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.message).toBe(
      `The request body is over ${MAX_REQUEST_BODY_BYTES} bytes (1 MiB), the most this site reads: send less per request.`,
    );
  });

  it('bulk-updates only the registries its filters match', async () => {
    await geo.primary.flags.enable(FLAG);
    const failed = [await create().failed().create(), await create().failed().create()];
    const synced = await create().synced().create();
    const response = await routes(geo.secondary).post(
      `mutation($ids: [ID!]) {
        geoRegistriesBulkUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, action: RESYNC_ALL,
                                replicationState: FAILED, ids: $ids }) { updatedCount }
      }`,
      { ids: [String(failed[0]!.id), String(synced.id)] },
    );
    expect(response.body.data).toEqual({ geoRegistriesBulkUpdate: { updatedCount: 1 } });
    expect((await failed[0]!.reload()).state).toBe('pending');
    expect((await failed[1]!.reload()).state).toBe('failed');
    expect((await synced.reload()).state).toBe('synced');
  });

  it('follows the input/errors convention: a refused reverify is listed in errors, with the registry', async () => {
    await geo.primary.flags.enable(FLAG);
    const failed = await create().failed().create();
    const response = await routes(geo.secondary).post(
      `mutation($id: ID!) {
        geoRegistriesUpdate(input: { clientMutationId: "m-1", registryClass: PACKAGE_FILE_REGISTRY,
                                     registryId: $id, action: REVERIFY }) {
          clientMutationId errors registry { id state }
        }
      }`,
      { id: String(failed.id) },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({
      geoRegistriesUpdate: {
        clientMutationId: 'm-1',
        errors: [
          `Cannot reverify PackageFileRegistry ${failed.id}: it is failed, and only synced registries ` +
            'are verified. Use action RESYNC to download it again.',
        ],
        registry: { id: String(failed.id), state: 'FAILED' },
      },
    });
    const done = await routes(geo.secondary).post(
      `mutation { geoRegistriesBulkUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, action: RESYNC_ALL }) {
        clientMutationId errors updatedCount } }`,
    );
    expect(done.body.data).toEqual({
      geoRegistriesBulkUpdate: { clientMutationId: null, errors: [], updatedCount: 1 },
    });
  });

  it('takes arguments only in input, as GitLab mutations do', async () => {
    const refused = await routes(geo.secondary).post(
      'mutation { geoRegistriesBulkUpdate(registryClass: PACKAGE_FILE_REGISTRY, action: RESYNC_ALL) { updatedCount } }',
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((error) => error.message)).toContain(
      'Unknown argument "registryClass" on field "Mutation.geoRegistriesBulkUpdate".',
    );
  });

  it('keeps its fields and mutations while a flag is off, listing nothing and changing nothing', async () => {
    await geo.primary.flags.disable(FLAG);
    const registry = await create().failed().create();
    const { post } = routes(geo.secondary);
    expect(
      (await post('{ geoNode { packageFileRegistries { count nodes { id } } } }')).body,
    ).toEqual({
      data: { geoNode: { packageFileRegistries: { count: 0, nodes: [] } } },
    });
    const refused = await post(
      'mutation { geoRegistriesBulkUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, action: RESYNC_ALL }) { updatedCount } }',
    );
    expect(refused.status).toBe(200);
    expect(refused.body.errors?.[0]).toMatchObject({
      message:
        'Replication of PackageFileRegistry is disabled on this site (feature flag ' +
        'geo_package_file_replication is off), so its registries are not changed. Enable ' +
        'geo_package_file_replication first.',
      extensions: { code: 'FAILED_PRECONDITION' },
    });
    expect((await registry.reload()).state).toBe('failed');
  });

  it('has no mutations without any registries field', async () => {
    const refused = await routes(geo.secondary, { fields: [] }).post('mutation { __typename }');
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toMatch(
      'This site has no registry mutations: it declares no replicable.',
    );
  });

  it('hides unexpected errors from the client and hands them to onUnexpectedError', async () => {
    class FailingResolver extends RegistriesResolver {
      static override get finder() {
        return packageFileField.resolver.finder;
      }

      static override async resolve(): Promise<never> {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
      }
    }
    const onUnexpectedError = vi.fn();
    const { post } = routes(geo.secondary, {
      fields: [{ ...packageFileField, resolver: FailingResolver, featureFlag: undefined }],
      onUnexpectedError,
    });
    const response = await post('{ geoNode { packageFileRegistries { count } } }');
    expect(response.status).toBe(200);
    expect(response.body.errors?.[0]?.message).toBe(
      "Internal error; the site's log has the details.",
    );
    expect(JSON.stringify(response.body)).not.toContain('10.0.0.7');
    expect(onUnexpectedError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'connect ECONNREFUSED 10.0.0.7:5432' }),
    );
  });

  it('answers 500 with the fix when a field names a feature flag that has no definition', async () => {
    const { post } = routes(geo.secondary, {
      fields: [{ ...packageFileField, featureFlag: 'geo_no_such_replication' }],
    });
    const response = await post('{ geoNode { name } }');
    expect(response.status).toBe(500);
    expect(response.body.errors?.[0]?.message).toMatch(
      'Feature flag geo_no_such_replication has no definition. Create',
    );
  });
});
