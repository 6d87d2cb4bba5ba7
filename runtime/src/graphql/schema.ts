import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import type { GeoNode } from '../sites/geo-node.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { GeoGraphQLContext } from './context.ts';
import { buildGeoNodeType } from './geo-node-type.ts';
import { buildRegistryMutations } from './mutations.ts';
import {
  assertValidRegistryFields,
  visibleRegistryFields,
  type GeoNodeRegistryField,
} from './registry-field.ts';

/**
 * The Geo GraphQL schema with exactly these registry fields: `Query.geoNode` and, when there is
 * at least one field, the registry mutations. `GeoSchemaCache` picks the fields per request.
 *
 * @example printSchema(buildGeoSchema(GEO_NODE_REGISTRY_FIELDS))
 */
export function buildGeoSchema(fields: readonly GeoNodeRegistryField[]): GraphQLSchema {
  assertValidRegistryFields(fields);
  const geoNode = buildGeoNodeType(fields);
  const query = new GraphQLObjectType<unknown, GeoGraphQLContext>({
    name: 'Query',
    fields: {
      geoNode: {
        type: geoNode,
        description:
          'A Geo site by name; this site when no name is given. Null when Geo is not set up for it.',
        args: {
          name: { type: GraphQLString, description: 'Name of the site (default: this one).' },
        },
        resolve: async (
          _root,
          args: { name?: string | null },
          { site },
        ): Promise<GeoNode | null> =>
          args.name == null || args.name === site.name
            ? (site.nodeOrUndefined ?? null)
            : ((await site.nodes.findByName(args.name)) ?? null),
      },
    },
  });
  const mutations = buildRegistryMutations(fields);
  return new GraphQLSchema({
    query,
    ...(mutations && {
      mutation: new GraphQLObjectType<unknown, GeoGraphQLContext>({
        name: 'Mutation',
        fields: { ...mutations },
      }),
    }),
    types: fields.map((field) => field.type),
  });
}

/**
 * The schema of a host's registry fields, built on first use. Every field is in it whatever its
 * feature flag says (as in GitLab): a client's query must not break when a flag changes. While a
 * replicable's replication is off its field lists nothing and its mutations say so.
 *
 * @example
 * const schemas = new GeoSchemaCache(GEO_NODE_REGISTRY_FIELDS);
 * const schema = await schemas.schemaFor(site);
 */
export class GeoSchemaCache {
  readonly fields: readonly GeoNodeRegistryField[];
  #schema: GraphQLSchema | undefined;

  /** Checks the whole list once, so a wiring mistake fails at start-up, not on some request. */
  constructor(fields: readonly GeoNodeRegistryField[]) {
    assertValidRegistryFields(fields);
    this.fields = Object.freeze([...fields]);
  }

  /** The schema; reads the fields' flags first, so a flag without a definition fails loudly. */
  async schemaFor(site: GeoSite): Promise<GraphQLSchema> {
    await visibleRegistryFields(site, this.fields);
    this.#schema ??= buildGeoSchema(this.fields);
    return this.#schema;
  }
}
