import {
  GraphQLBoolean,
  GraphQLID,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfig,
} from 'graphql';
import type { GeoNode } from '../sites/geo-node.ts';
import type { GeoGraphQLContext } from './context.ts';
import { REGISTRIES_ARGS, type RegistriesArgs } from './registries-resolver.ts';
import type { GeoNodeRegistryField } from './registry-field.ts';

/**
 * The `GeoNode` type with one registries connection per given field (`Types::GeoNodeType`).
 *
 * @example buildGeoNodeType(GEO_NODE_REGISTRY_FIELDS).getFields().packageFileRegistries
 */
export function buildGeoNodeType(
  fields: readonly GeoNodeRegistryField[],
): GraphQLObjectType<GeoNode, GeoGraphQLContext> {
  const registries: Record<
    string,
    GraphQLFieldConfig<GeoNode, GeoGraphQLContext, RegistriesArgs>
  > = {};
  for (const field of fields) {
    registries[field.name] = {
      type: field.type.connectionType,
      description: field.description,
      args: REGISTRIES_ARGS,
      resolve: (node, args, context) => field.resolver.resolve(node, args, context),
    };
  }
  return new GraphQLObjectType<GeoNode, GeoGraphQLContext>({
    name: 'GeoNode',
    description: 'A Geo site: the primary or a secondary.',
    fields: {
      id: { type: new GraphQLNonNull(GraphQLID), description: 'ID of the site.' },
      name: { type: new GraphQLNonNull(GraphQLString), description: 'Unique name of the site.' },
      url: { type: new GraphQLNonNull(GraphQLString), description: 'External URL of the site.' },
      primary: {
        type: new GraphQLNonNull(GraphQLBoolean),
        description: 'Whether the site is the primary (which holds no registries).',
      },
      enabled: {
        type: new GraphQLNonNull(GraphQLBoolean),
        description: 'Whether the site takes part in replication.',
      },
      ...registries,
    },
  });
}
