import {
  GraphQLBoolean,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigArgumentMap,
} from 'graphql';
import { MAX_PAGE_SIZE, type Connection, type Edge, type PageInfo } from './pagination.ts';

/** The GraphQL arguments of every connection field. */
export const CONNECTION_ARGS: GraphQLFieldConfigArgumentMap = {
  first: {
    type: GraphQLInt,
    description: `Returns the first n elements (at most ${MAX_PAGE_SIZE}).`,
  },
  after: { type: GraphQLString, description: 'Returns the elements that come after this cursor.' },
  last: {
    type: GraphQLInt,
    description: `Returns the last n elements (at most ${MAX_PAGE_SIZE}).`,
  },
  before: {
    type: GraphQLString,
    description: 'Returns the elements that come before this cursor.',
  },
};

/**
 * Relay's `PageInfo`, shared by every connection.
 *
 * @example { packageFileRegistries(first: 10) { pageInfo { hasNextPage endCursor } } }
 */
export const PageInfoType = new GraphQLObjectType<PageInfo>({
  name: 'PageInfo',
  description: 'Information to aid in pagination.',
  fields: {
    hasNextPage: {
      type: new GraphQLNonNull(GraphQLBoolean),
      description: 'When paginating forwards, are there more items?',
    },
    hasPreviousPage: {
      type: new GraphQLNonNull(GraphQLBoolean),
      description: 'When paginating backwards, are there more items?',
    },
    startCursor: {
      type: GraphQLString,
      description: 'When paginating backwards, the cursor to continue.',
    },
    endCursor: {
      type: GraphQLString,
      description: 'When paginating forwards, the cursor to continue.',
    },
  },
});

/**
 * The `<Node>Connection` and `<Node>Edge` types of a node type.
 *
 * @example const { connection } = connectionTypesFor(PackageFileRegistryType); // PackageFileRegistryConnection
 */
export function connectionTypesFor<T>(nodeType: GraphQLObjectType<T>): {
  readonly connection: GraphQLObjectType<Connection<T>>;
  readonly edge: GraphQLObjectType<Edge<T>>;
} {
  const edge = new GraphQLObjectType<Edge<T>>({
    name: `${nodeType.name}Edge`,
    description: 'An edge in a connection.',
    fields: {
      cursor: {
        type: new GraphQLNonNull(GraphQLString),
        description: 'A cursor for use in pagination.',
      },
      node: { type: nodeType, description: 'The item at the end of the edge.' },
    },
  });
  const connection = new GraphQLObjectType<Connection<T>>({
    name: `${nodeType.name}Connection`,
    description: `The connection type for ${nodeType.name}.`,
    fields: {
      count: {
        type: new GraphQLNonNull(GraphQLInt),
        description: 'Total count of items matching the filters, on every page.',
        resolve: (connection) => connection.count(),
      },
      edges: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edge))),
        description: 'A list of edges.',
      },
      nodes: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(nodeType))),
        description: 'A list of nodes.',
      },
      pageInfo: {
        type: new GraphQLNonNull(PageInfoType),
        description: 'Information to aid in pagination.',
      },
    },
  });
  return { connection, edge };
}
