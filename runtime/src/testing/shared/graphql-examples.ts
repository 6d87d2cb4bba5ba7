import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { camelCase, constantCase } from 'change-case';
import { GraphQLNonNull, GraphQLObjectType, isListType, isNonNullType } from 'graphql';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  InvalidPaginationError,
  InvalidRegistryIdError,
} from '../../graphql/errors.ts';
import { GRAPHQL_PATH, graphqlRoutes } from '../../graphql/routes.ts';
import type { RegistriesResolverClass } from '../../graphql/registries-resolver.ts';
import {
  assertValidRegistryFields,
  type GeoNodeRegistryField,
} from '../../graphql/registry-field.ts';
import type { RegistryFinderClass, RegistryFinderParams } from '../../graphql/registry-finder.ts';
import { GeoRegistryInterface, type GeoRegistryType } from '../../graphql/registry-type.ts';
import type { Registry } from '../../registry/registry.ts';
import type { ReplicatorClass } from '../../replicator/replicator.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import type { RegistryFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';

/** The fields every registry type has (`Types::Geo::RegistryType`), in the order clients read them. */
export const COMMON_REGISTRY_FIELD_NAMES = [
  'id',
  'modelRecordId',
  'state',
  'retryCount',
  'lastSyncFailure',
  'retryAt',
  'lastSyncedAt',
  'createdAt',
  'checksumMismatch',
  'verificationState',
  'verificationChecksum',
  'verificationChecksumMismatched',
  'verificationFailure',
  'verificationRetryCount',
  'verificationRetryAt',
  'verificationStartedAt',
  'verifiedAt',
] as const;

const ids = (registries: readonly Registry[]) => registries.map((registry) => registry.id);
const idStrings = (registries: readonly Registry[]) => ids(registries).map(String);

// ---- registry type ---------------------------------------------------------------------------------

/**
 * `it_behaves_like 'a Geo registry type'`: the common fields, the model's foreign key, the
 * `GeoRegistry` interface and the connection types.
 *
 * @example itBehavesLikeAGeoRegistryType(PackageFileRegistryType);
 */
export function itBehavesLikeAGeoRegistryType(type: GeoRegistryType): void {
  describe('a Geo registry type', () => {
    it('has every field a registry has, typed as the GeoRegistry interface types it', () => {
      const fields = type.getFields();
      const common = GeoRegistryInterface.getFields();
      expect(Object.keys(common)).toEqual([...COMMON_REGISTRY_FIELD_NAMES]);
      for (const name of COMMON_REGISTRY_FIELD_NAMES) {
        expect(String(fields[name]?.type), name).toBe(String(common[name]?.type));
      }
    });

    it('implements the GeoRegistry interface', () => {
      expect(type.getInterfaces()).toContain(GeoRegistryInterface);
    });

    it("has the model's id as a non-null ID named after the model", () => {
      const field = type.getFields()[type.foreignKeyField];
      expect(String(field?.type)).toBe('ID!');
      expect(field?.description).toBeTruthy();
      expect(type.foreignKeyField).toMatch(/^[a-z][A-Za-z0-9]*Id$/);
    });

    it('is named after its registry class and has a description', () => {
      expect(type.name).toBe(type.registryClass.name);
      expect(type.description).toBeTruthy();
    });

    it('has a connection with count, edges, nodes and pageInfo', () => {
      const connection = type.connectionType;
      expect(connection.name).toBe(`${type.name}Connection`);
      expect(Object.keys(connection.getFields()).sort()).toEqual([
        'count',
        'edges',
        'nodes',
        'pageInfo',
      ]);
      const nodes = connection.getFields().nodes?.type;
      const item =
        isNonNullType(nodes) && isListType(nodes.ofType) ? nodes.ofType.ofType : undefined;
      expect(item instanceof GraphQLNonNull ? item.ofType : item).toBe(type);
      expect(type.edgeType.name).toBe(`${type.name}Edge`);
      expect(type.edgeType).toBeInstanceOf(GraphQLObjectType);
    });
  });
}

// ---- registry finder -------------------------------------------------------------------------------

export interface RegistryFinderExamplesOptions<R extends Registry = Registry> {
  readonly finder: RegistryFinderClass;
  readonly registryFactory: RegistryFactory<R>;
  readonly geo: GeoTestSites;
}

/**
 * `it_behaves_like 'a framework registry finder'`: every registry by id, and each filter.
 *
 * @example itBehavesLikeAFrameworkRegistryFinder({ finder: PackageFileRegistryFinder, registryFactory, geo });
 */
export function itBehavesLikeAFrameworkRegistryFinder<R extends Registry>(
  options: RegistryFinderExamplesOptions<R>,
): void {
  const { finder, registryFactory, geo } = options;
  const create = () => registryFactory.transient({ site: geo.secondary });
  const find = (params?: RegistryFinderParams) => new finder(geo.secondary, params).execute();

  describe('a framework registry finder', () => {
    it('finds every registry of its class, ordered by id, when given no filter', async () => {
      const registries = [
        await create().create(),
        await create().synced().create(),
        await create().failed().create(),
      ];
      const found = await find();
      expect(ids(found)).toEqual(ids(registries));
      for (const registry of found) expect(registry).toBeInstanceOf(finder.registryClass);
      expect(found[1]?.state).toBe('synced');
    });

    it('ignores blank filters', async () => {
      const registries = [await create().create(), await create().synced().create()];
      const found = await find({ ids: [], replicationState: null, verificationState: null });
      expect(ids(found)).toEqual(ids(registries));
    });

    it('filters by registry ids, given as GraphQL sends them', async () => {
      const [, second, third] = [
        await create().create(),
        await create().create(),
        await create().create(),
      ];
      expect(ids(await find({ ids: idStrings([third!, second!]) }))).toEqual(
        ids([second!, third!]),
      );
    });

    it('filters by replication state', async () => {
      await create().create();
      const synced = await create().synced().create();
      const failed = await create().failed().create();
      expect(ids(await find({ replicationState: 'synced' }))).toEqual(ids([synced]));
      expect(ids(await find({ replicationState: 'failed' }))).toEqual(ids([failed]));
      expect(await find({ replicationState: 'started' })).toEqual([]);
    });

    it('filters by verification state', async () => {
      await create().synced().create();
      const verified = await create().synced().verificationSucceeded().create();
      expect(ids(await find({ verificationState: 'succeeded' }))).toEqual(ids([verified]));
    });

    it('combines filters', async () => {
      const synced = await create().synced().create();
      const failed = await create().failed().create();
      await create().synced().create();
      const found = await find({ ids: idStrings([synced, failed]), replicationState: 'synced' });
      expect(ids(found)).toEqual(ids([synced]));
    });

    it('refuses an id that is not a positive integer, naming it', () => {
      const attempt = () => new finder(geo.secondary, { ids: ['12', 'twelve'] });
      expect(attempt).toThrow(InvalidRegistryIdError);
      expect(attempt).toThrow('"twelve" is not a registry id');
    });
  });
}

// ---- registries resolver ---------------------------------------------------------------------------

export interface RegistriesResolverExamplesOptions<R extends Registry = Registry> {
  readonly resolver: RegistriesResolverClass;
  readonly registryFactory: RegistryFactory<R>;
  readonly geo: GeoTestSites;
}

/**
 * `it_behaves_like 'a Geo registries resolver'`: a connection of the current secondary's
 * registries, filtered and paginated; nothing on the primary, for another node, or while
 * replication is disabled.
 *
 * @example itBehavesLikeAGeoRegistriesResolver({ resolver: PackageFileRegistriesResolver, registryFactory, geo });
 */
export function itBehavesLikeAGeoRegistriesResolver<R extends Registry>(
  options: RegistriesResolverExamplesOptions<R>,
): void {
  const { resolver, registryFactory, geo } = options;
  const create = () => registryFactory.transient({ site: geo.secondary });
  const resolve = (
    args: Parameters<RegistriesResolverClass['resolve']>[1] = {},
    site: GeoSite = geo.secondary,
    node = site.node,
  ) => resolver.resolve(node, args, { site });
  const flag = () => resolver.replicator.replicationFeatureFlag;

  describe('a Geo registries resolver', () => {
    beforeEach(async () => {
      await geo.primary.flags.enable(flag());
    });

    it('is wired to one registry class through its finder and replicator', () => {
      expect(resolver.registryClass).toBe(resolver.finder.registryClass);
      expect(resolver.replicator.registryClass).toBe(resolver.registryClass);
    });

    it("resolves this secondary's registries as a connection ordered by id", async () => {
      const registries = [await create().create(), await create().synced().create()];
      const connection = await resolve();
      expect(ids(connection.nodes)).toEqual(ids(registries));
      expect(connection.edges.map((edge) => edge.node)).toEqual(connection.nodes);
      expect(new Set(connection.edges.map((edge) => edge.cursor)).size).toBe(2);
      expect(connection.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      expect(await connection.count()).toBe(2);
    });

    it('filters by ids, replication state and verification state', async () => {
      const pending = await create().create();
      const synced = await create().synced().create();
      const verified = await create().synced().verificationSucceeded().create();
      expect(ids((await resolve({ ids: idStrings([pending, verified]) })).nodes)).toEqual(
        ids([pending, verified]),
      );
      expect(ids((await resolve({ replicationState: 'synced' })).nodes)).toEqual(
        ids([synced, verified]),
      );
      expect(ids((await resolve({ verificationState: 'succeeded' })).nodes)).toEqual(
        ids([verified]),
      );
    });

    it('pages forwards with first/after and backwards with last/before', async () => {
      const registries = [];
      for (let i = 0; i < 5; i += 1) registries.push(await create().create());
      const first = await resolve({ first: 2 });
      expect(ids(first.nodes)).toEqual(ids(registries.slice(0, 2)));
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const second = await resolve({ first: 2, after: first.pageInfo.endCursor });
      expect(ids(second.nodes)).toEqual(ids(registries.slice(2, 4)));
      expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const last = await resolve({ last: 2 });
      expect(ids(last.nodes)).toEqual(ids(registries.slice(3)));
      expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      const before = await resolve({ last: 2, before: last.pageInfo.startCursor });
      expect(ids(before.nodes)).toEqual(ids(registries.slice(1, 3)));
      expect(await before.count()).toBe(5);
    });

    it('lists nothing while replication is disabled', async () => {
      await create().create();
      await geo.primary.flags.disable(flag());
      const connection = await resolve();
      expect(connection.nodes).toEqual([]);
      expect(await connection.count()).toBe(0);
    });

    it('lists nothing on the primary, which has no registries', async () => {
      await create().create();
      const connection = await resolve({}, geo.primary);
      expect(connection.nodes).toEqual([]);
      expect(connection.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      });
    });

    it('lists nothing for a node other than this site', async () => {
      await create().create();
      expect((await resolve({}, geo.secondary, geo.primary.node)).nodes).toEqual([]);
    });

    it('refuses bad arguments, even where it would list nothing', async () => {
      await expect(resolve({ first: 1, last: 1 }, geo.primary)).rejects.toThrow(
        InvalidPaginationError,
      );
      await expect(resolve({ after: 'bogus' })).rejects.toThrow(InvalidCursorError);
      await expect(resolve({ ids: ['-1'] })).rejects.toThrow(InvalidRegistryIdError);
    });
  });
}

// ---- the Geo node's registries fields --------------------------------------------------------------

export interface RegistriesFieldsExamplesOptions {
  readonly registryFields: readonly GeoNodeRegistryField[];
  readonly replicatorClasses: readonly ReplicatorClass[];
}

/**
 * The conformance of the host's registries fields with its replicators: one field per replicator,
 * named `<replicable>Registries`, about its registry class, behind its flag until released.
 *
 * @example itHasARegistriesFieldPerReplicator({ registryFields: GEO_NODE_REGISTRY_FIELDS, replicatorClasses: REPLICATOR_CLASSES });
 */
export function itHasARegistriesFieldPerReplicator(options: RegistriesFieldsExamplesOptions): void {
  const { registryFields, replicatorClasses } = options;

  describe('the Geo node registries fields', () => {
    it('make a valid list', () => {
      expect(() => assertValidRegistryFields(registryFields)).not.toThrow();
    });

    it('have one field per replicator, and none without one', () => {
      expect(registryFields.map((field) => field.name).sort()).toEqual(
        replicatorClasses
          .map((replicator) => `${camelCase(replicator.replicableName)}Registries`)
          .sort(),
      );
    });

    for (const replicator of replicatorClasses) {
      it(`wire ${replicator.name} to its registry class and feature flag`, () => {
        const name = `${camelCase(replicator.replicableName)}Registries`;
        const field = registryFields.find((candidate) => candidate.name === name);
        expect(field, `a field named ${name}`).toBeDefined();
        expect(field?.resolver.replicator).toBe(replicator);
        expect(field?.type.registryClass).toBe(replicator.registryClass);
        if (field?.featureFlag !== undefined) {
          expect(field.featureFlag).toBe(replicator.replicationFeatureFlag);
        }
      });
    }
  });
}

// ---- GraphQL requests over HTTP --------------------------------------------------------------------

interface GraphQLErrorJson {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

/** A response of the API: the HTTP status and the decoded body. */
export interface GraphQLHttpResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T | null | undefined;
  readonly errors: readonly GraphQLErrorJson[] | undefined;
}

/** A GraphQL client of a server listening on 127.0.0.1. */
export interface GraphQLTestClient {
  readonly url: string;
  post<T>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { readonly token?: string | null },
  ): Promise<GraphQLHttpResponse<T>>;
}

/**
 * Serves `app()` (re-evaluated on every request, so each test gets the app it built) on a real
 * socket on 127.0.0.1 for the tests of the calling `describe`.
 *
 * @example const client = useGraphQLServer(() => app, { token: 'secret' });
 */
export function useGraphQLServer(
  app: () => Hono,
  defaults: { readonly token?: string } = {},
): GraphQLTestClient {
  let server: ServerType | undefined;
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve(
        { fetch: (request) => app().fetch(request), port: 0, hostname: '127.0.0.1' },
        (info: AddressInfo) => {
          url = `http://127.0.0.1:${info.port}${GRAPHQL_PATH}`;
          resolve();
        },
      );
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return {
    get url() {
      return url;
    },
    async post<T>(
      query: string,
      variables: Record<string, unknown> = {},
      options: { readonly token?: string | null } = {},
    ) {
      const token = options.token === undefined ? defaults.token : options.token;
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T | null; errors?: GraphQLErrorJson[] };
      return {
        status: response.status,
        headers: response.headers,
        data: body.data,
        errors: body.errors,
      };
    },
  };
}

export interface GetsRegistriesForOptions<R extends Registry = Registry> {
  readonly geo: GeoTestSites;
  /** The host's list (`GEO_NODE_REGISTRY_FIELDS`): the schema is served from it. */
  readonly registryFields: readonly GeoNodeRegistryField[];
  /** e.g. `packageFileRegistries` */
  readonly fieldName: string;
  /** e.g. `PackageFileRegistry` */
  readonly registryClassName: string;
  readonly registryFactory: RegistryFactory<R>;
  /** e.g. `packageFileId` */
  readonly foreignKeyFieldName: string;
}

interface RegistryJson {
  readonly __typename: string;
  readonly id: string;
  readonly state: string;
  readonly verificationState: string;
  readonly [field: string]: unknown;
}

interface PageInfoJson {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

interface ConnectionJson {
  readonly count: number;
  readonly pageInfo: PageInfoJson;
  readonly edges: readonly { readonly cursor: string; readonly node: { readonly id: string } }[];
  readonly nodes: readonly RegistryJson[];
}

const ADMIN_TOKEN = 'geo-graphql-test-admin-token';

/**
 * `it_behaves_like 'gets registries for'`: the GraphQL API of one replicable over real HTTP on a
 * secondary: listing with every field, filters, pagination, the field hidden behind its flag,
 * resync and reverify of one and of all registries, clear errors, and the admin token.
 *
 * @example
 * itGetsRegistriesFor({
 *   geo,
 *   registryFields: GEO_NODE_REGISTRY_FIELDS,
 *   fieldName: 'packageFileRegistries',
 *   registryClassName: 'PackageFileRegistry',
 *   registryFactory: packageFileRegistryFactory,
 *   foreignKeyFieldName: 'packageFileId',
 * });
 */
export function itGetsRegistriesFor<R extends Registry>(
  options: GetsRegistriesForOptions<R>,
): void {
  const {
    geo,
    registryFields,
    fieldName,
    registryClassName,
    registryFactory,
    foreignKeyFieldName,
  } = options;
  const field = registryFields.find((candidate) => candidate.name === fieldName);
  if (!field) {
    throw new Error(
      `itGetsRegistriesFor: no field '${fieldName}' in the registry fields given; add it to the host's GEO_NODE_REGISTRY_FIELDS.`,
    );
  }
  const registryClassValue = constantCase(registryClassName);
  const create = () => registryFactory.transient({ site: geo.secondary });

  const registriesQuery = `
    query Registries($ids: [ID!], $replicationState: RegistryState, $verificationState: VerificationStateEnum,
                     $first: Int, $after: String, $last: Int, $before: String) {
      geoNode {
        name
        ${fieldName}(ids: $ids, replicationState: $replicationState, verificationState: $verificationState,
                     first: $first, after: $after, last: $last, before: $before) {
          count
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id } }
          nodes { __typename ${COMMON_REGISTRY_FIELD_NAMES.join(' ')} ${foreignKeyFieldName} }
        }
      }
    }`;
  const updateMutation = `
    mutation Update($registryId: ID!, $action: GeoRegistryAction!) {
      geoRegistriesUpdate(registryClass: ${registryClassValue}, registryId: $registryId, action: $action) {
        registry { __typename id state verificationState }
      }
    }`;
  const bulkMutation = `
    mutation BulkUpdate($action: GeoRegistriesBulkAction!) {
      geoRegistriesBulkUpdate(registryClass: ${registryClassValue}, action: $action) {
        registryClass action updatedCount
      }
    }`;

  describe(`gets registries for ${fieldName}`, () => {
    let app: Hono | undefined;
    const client = useGraphQLServer(
      () => {
        if (!app) throw new Error('The GraphQL app is used before beforeEach() built it.');
        return app;
      },
      { token: ADMIN_TOKEN },
    );
    const list = async (variables: Record<string, unknown> = {}) => {
      const response = await client.post<{ geoNode: Record<string, ConnectionJson> }>(
        registriesQuery,
        variables,
      );
      expect(response.errors).toBeUndefined();
      const connection = response.data?.geoNode[fieldName];
      if (!connection) throw new Error(`No ${fieldName} in ${JSON.stringify(response.data)}`);
      return connection;
    };
    const nodeIds = (connection: ConnectionJson) => connection.nodes.map((node) => node.id);

    beforeEach(async () => {
      app = graphqlRoutes({
        site: geo.secondary,
        registryFields,
        adminToken: ADMIN_TOKEN,
        onUnexpectedError: () => {},
      });
      if (field.featureFlag) await geo.primary.flags.enable(field.featureFlag);
    });

    it('lists the registries of this secondary with every registry field', async () => {
      const verified = await create().synced().verificationSucceeded().create();
      const failed = await create().failed().create();
      const connection = await list();
      expect(connection.count).toBe(2);
      const [first, second] = connection.nodes;
      expect(first).toMatchObject({
        __typename: registryClassName,
        id: String(verified.id),
        modelRecordId: verified.modelRecordId,
        [foreignKeyFieldName]: String(verified.modelRecordId),
        state: 'SYNCED',
        retryCount: 0,
        lastSyncedAt: verified.row.last_synced_at?.toISOString(),
        createdAt: verified.row.created_at.toISOString(),
        checksumMismatch: false,
        verificationState: 'SUCCEEDED',
        verificationChecksum: verified.verificationChecksum,
        verifiedAt: verified.row.verified_at?.toISOString(),
        verificationFailure: null,
      });
      expect(second).toMatchObject({
        id: String(failed.id),
        state: 'FAILED',
        retryCount: 2,
        lastSyncFailure: 'Random error',
      });
    });

    it('filters by ids, replication state and verification state', async () => {
      const pending = await create().create();
      const synced = await create().synced().create();
      const verified = await create().synced().verificationSucceeded().create();
      expect(nodeIds(await list({ ids: idStrings([pending, verified]) }))).toEqual(
        idStrings([pending, verified]),
      );
      expect(nodeIds(await list({ replicationState: 'SYNCED' }))).toEqual(
        idStrings([synced, verified]),
      );
      expect(nodeIds(await list({ verificationState: 'SUCCEEDED' }))).toEqual(
        idStrings([verified]),
      );
      expect(nodeIds(await list({ replicationState: 'FAILED' }))).toEqual([]);
    });

    it('pages through the registries with cursors, forwards and backwards', async () => {
      const registries = [];
      for (let i = 0; i < 5; i += 1) registries.push(await create().create());
      const page1 = await list({ first: 2 });
      expect(nodeIds(page1)).toEqual(idStrings(registries.slice(0, 2)));
      expect(page1.edges.map((edge) => edge.node.id)).toEqual(nodeIds(page1));
      expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const page2 = await list({ first: 2, after: page1.pageInfo.endCursor });
      expect(nodeIds(page2)).toEqual(idStrings(registries.slice(2, 4)));
      const page3 = await list({ first: 2, after: page2.pageInfo.endCursor });
      expect(nodeIds(page3)).toEqual(idStrings(registries.slice(4)));
      expect(page3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      const back = await list({ last: 2, before: page3.pageInfo.startCursor });
      expect(nodeIds(back)).toEqual(idStrings(registries.slice(2, 4)));
      expect(back.count).toBe(5);

      const refused = await client.post(registriesQuery, { after: 'not-a-cursor' });
      expect(refused.errors?.[0]?.message).toMatch('is not a cursor of this connection');
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    const fieldsOfGeoNode = async () => {
      const response = await client.post<{
        geoNode: { fields: { name: string }[] } | null;
        registryClass: { enumValues: { name: string }[] } | null;
      }>(`{
        geoNode: __type(name: "GeoNode") { fields { name } }
        registryClass: __type(name: "GeoRegistryClass") { enumValues { name } }
      }`);
      return {
        fields: response.data?.geoNode?.fields.map((entry) => entry.name) ?? [],
        registryClasses: response.data?.registryClass?.enumValues.map((entry) => entry.name) ?? [],
      };
    };

    const featureFlag = field.featureFlag;
    if (featureFlag) {
      it(`is hidden from the schema while ${featureFlag} is off, and shown once it is on`, async () => {
        await geo.primary.flags.disable(featureFlag);
        const hidden = await fieldsOfGeoNode();
        expect(hidden.fields).toContain('name');
        expect(hidden.fields).not.toContain(fieldName);
        expect(hidden.registryClasses).not.toContain(registryClassValue);
        const refused = await client.post(`{ geoNode { ${fieldName} { count } } }`);
        expect(refused.status).toBe(400);
        // GraphQL may go on with "Did you mean …?", naming whichever visible field is close.
        expect(refused.errors?.[0]?.message).toContain(
          `Cannot query field "${fieldName}" on type "GeoNode".`,
        );

        await geo.primary.flags.enable(featureFlag);
        const shown = await fieldsOfGeoNode();
        expect(shown.fields).toContain(fieldName);
        expect(shown.registryClasses).toContain(registryClassValue);
        expect((await client.post(`{ geoNode { ${fieldName} { count } } }`)).status).toBe(200);
      });
    } else {
      it('is in the schema without a feature flag (released)', async () => {
        expect((await fieldsOfGeoNode()).fields).toContain(fieldName);
      });
    }

    it('resyncs one registry: it becomes pending', async () => {
      const registry = await create().synced().verificationSucceeded().create();
      const response = await client.post<{ geoRegistriesUpdate: { registry: RegistryJson } }>(
        updateMutation,
        { registryId: String(registry.id), action: 'RESYNC' },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.geoRegistriesUpdate.registry).toEqual({
        __typename: registryClassName,
        id: String(registry.id),
        state: 'PENDING',
        verificationState: 'DISABLED',
      });
      expect((await registry.reload()).state).toBe('pending');
    });

    it('reverifies one registry: its verification becomes pending', async () => {
      const registry = await create().synced().verificationSucceeded().create();
      const response = await client.post<{ geoRegistriesUpdate: { registry: RegistryJson } }>(
        updateMutation,
        { registryId: String(registry.id), action: 'REVERIFY' },
      );
      expect(response.data?.geoRegistriesUpdate.registry).toMatchObject({
        state: 'SYNCED',
        verificationState: 'PENDING',
      });
      expect((await registry.reload()).verificationState).toBe('pending');
    });

    it('refuses an unknown registry id or class with a message saying so', async () => {
      const missing = await client.post(updateMutation, { registryId: '999999', action: 'RESYNC' });
      expect(missing.status).toBe(200);
      expect(missing.errors?.[0]?.message).toBe(
        `${registryClassName} 999999 does not exist on site ${geo.secondary.name}. List the ` +
          `site's registries (geoNode { …Registries { nodes { id } } }) for the ids it has.`,
      );
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

      const badId = await client.post(updateMutation, { registryId: 'abc', action: 'RESYNC' });
      expect(badId.errors?.[0]?.message).toMatch('"abc" is not a registry id');

      const unknownClass = await client.post(
        updateMutation.replace(registryClassValue, 'NO_SUCH_REGISTRY'),
        { registryId: '1', action: 'RESYNC' },
      );
      expect(unknownClass.status).toBe(400);
      expect(unknownClass.errors?.[0]?.message).toMatch(
        'Value "NO_SUCH_REGISTRY" does not exist in "GeoRegistryClass" enum.',
      );
    });

    it('resyncs all registries: every one not pending becomes pending', async () => {
      const registries = [
        await create().synced().create(),
        await create().failed().create(),
        await create().create(),
      ];
      const response = await client.post<{ geoRegistriesBulkUpdate: Record<string, unknown> }>(
        bulkMutation,
        { action: 'RESYNC_ALL' },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.geoRegistriesBulkUpdate).toEqual({
        registryClass: registryClassValue,
        action: 'RESYNC_ALL',
        updatedCount: 2,
      });
      for (const registry of registries) expect((await registry.reload()).state).toBe('pending');
    });

    it('reverifies all registries: every synced one is verified again', async () => {
      const verified = [
        await create().synced().verificationSucceeded().create(),
        await create().synced().verificationSucceeded().create(),
      ];
      const pending = await create().create();
      const response = await client.post<{ geoRegistriesBulkUpdate: { updatedCount: number } }>(
        bulkMutation,
        { action: 'REVERIFY_ALL' },
      );
      expect(response.data?.geoRegistriesBulkUpdate.updatedCount).toBe(2);
      for (const registry of verified) {
        expect((await registry.reload()).verificationState).toBe('pending');
      }
      expect((await pending.reload()).state).toBe('pending');
    });

    it('answers 401 without the admin token, or with a wrong one', async () => {
      const query = `{ geoNode { ${fieldName} { count } } }`;
      const anonymous = await client.post(query, {}, { token: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(anonymous.errors?.[0]?.message).toMatch('Authorization: Bearer <token>');
      expect((await client.post(query, {}, { token: 'wrong' })).status).toBe(401);
      expect((await client.post(query)).status).toBe(200);
    });
  });
}
