import { constantCase } from 'change-case';
import type { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GeoNodeRegistryField } from '../../graphql/registry-field.ts';
import { graphqlRoutes } from '../../graphql/routes.ts';
import type { Registry } from '../../registry/registry.ts';
import type { RegistryFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';
import { useGraphQLServer } from './graphql-test-server.ts';
import type { RegistriesRequestContext } from './registries-request-context.ts';
import { itListsRegistries } from './registries-request-listing.ts';
import { itUpdatesRegistries } from './registries-request-mutations.ts';
import { itKeepsTheFieldWhileItsFlagIsOff } from './registries-request-schema.ts';

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

const ADMIN_TOKEN = 'geo-graphql-test-admin-token';

/**
 * `it_behaves_like 'gets registries for'`: the GraphQL API of one replicable over real HTTP on a
 * secondary: listing with every field, filters, pagination, the field listing nothing while its flag is off,
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

  describe(`gets registries for ${fieldName}`, () => {
    let app: Hono | undefined;
    const client = useGraphQLServer(
      () => {
        if (!app) throw new Error('The GraphQL app is used before beforeEach() built it.');
        return app;
      },
      { token: ADMIN_TOKEN },
    );

    beforeEach(async () => {
      app = graphqlRoutes({
        site: geo.secondary,
        registryFields,
        adminToken: ADMIN_TOKEN,
        onUnexpectedError: () => {},
      });
      if (field.featureFlag) await geo.primary.flags.enable(field.featureFlag);
    });

    const context: RegistriesRequestContext<R> = {
      geo,
      field,
      fieldName,
      registryClassName,
      registryClassValue,
      foreignKeyFieldName,
      create,
      client,
    };
    itListsRegistries(context);
    itKeepsTheFieldWhileItsFlagIsOff(context);
    itUpdatesRegistries(context);

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
