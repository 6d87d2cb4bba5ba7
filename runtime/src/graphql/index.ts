/// <reference types="node" preserve="true" />
// The declarations use Node's types: an application whose tsconfig lists no "types" (as
// `tsc --init` writes it) gets them through this reference and the @types/node dependency.
// geo-runtime/graphql: the Geo GraphQL API. A host declares, per replicable, a registry type
// (defineRegistryType), a finder (FrameworkRegistryFinder), a resolver (RegistriesResolver) and
// one entry of its GEO_NODE_REGISTRY_FIELDS list; graphqlRoutes serves the rest.

export { CONNECTION_ARGS, connectionTypesFor, PageInfoType } from './connection-types.ts';
export type { GeoGraphQLContext } from './context.ts';
export {
  GeoRegistriesBulkActionEnum,
  GeoRegistryActionEnum,
  REGISTRIES_BULK_ACTIONS,
  REGISTRY_ACTIONS,
  RegistryStateEnum,
  VerificationStateEnum,
} from './enums.ts';
export type { RegistriesBulkAction, RegistryAction } from './enums.ts';
export {
  FilterListTooLongError,
  GEO_GRAPHQL_ERROR_CODES,
  GeoGraphQLUserError,
  InvalidCursorError,
  InvalidPaginationError,
  InvalidRegistryFieldsError,
  InvalidRegistryIdError,
  RegistriesOnPrimaryError,
  RegistryNotFoundError,
  RegistryNotSyncedError,
} from './errors.ts';
export type { GeoGraphQLErrorCode } from './errors.ts';
export { executeGeoGraphQL, publicMessage } from './execute.ts';
export type { ExecuteGeoGraphQLOptions, GeoGraphQLOutcome, GeoGraphQLRequest } from './execute.ts';
export { buildGeoNodeType } from './geo-node-type.ts';
export { GRAPHQL_LIMITS, QueryLimitError, queryLimitsRule } from './limits.ts';
export type { QueryLimit } from './limits.ts';
export { buildRegistryMutations } from './mutations.ts';
export type { RegistryMutations } from './mutations.ts';
export {
  decodeCursor,
  emptyConnection,
  encodeCursor,
  MAX_PAGE_SIZE,
  pageRequest,
  paginateRegistries,
} from './pagination.ts';
export type {
  Connection,
  ConnectionArgs,
  Edge,
  PageInfo,
  PageRequest,
  RegistryRowsQuery,
} from './pagination.ts';
export { REGISTRIES_ARGS, RegistriesResolver } from './registries-resolver.ts';
export type { RegistriesArgs, RegistriesResolverClass } from './registries-resolver.ts';
export { bulkUpdateRegistries, updateRegistry } from './registry-actions.ts';
export { assertValidRegistryFields, visibleRegistryFields } from './registry-field.ts';
export type { GeoNodeRegistryField } from './registry-field.ts';
export { FrameworkRegistryFinder, parseRegistryId } from './registry-finder.ts';
export type { RegistryFinderClass, RegistryFinderParams } from './registry-finder.ts';
export { defineRegistryType, GeoRegistryInterface, GeoRegistryType } from './registry-type.ts';
export type { RegistryTypeOptions } from './registry-type.ts';
export { EmptyAdminTokenError } from '../http/admin-access.ts';
export { GRAPHQL_PATH, graphqlRoutes } from './routes.ts';
export type { GraphqlRoutesOptions } from './routes.ts';
export { TimeScalar } from './scalars.ts';
export { buildGeoSchema, GeoSchemaCache } from './schema.ts';
