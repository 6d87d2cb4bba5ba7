/** The `extensions.code` a client sees with each kind of refused request. */
export const GEO_GRAPHQL_ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  /** Beyond `GRAPHQL_LIMITS` (depth, aliases, cost): refused before it runs. */
  'QUERY_TOO_LARGE',
] as const;
export type GeoGraphQLErrorCode = (typeof GEO_GRAPHQL_ERROR_CODES)[number];

/**
 * A request the API refuses because of what the client sent or asked for. Its message reaches the
 * client as is (other errors are masked), with `extensions.code`.
 */
export abstract class GeoGraphQLUserError extends Error {
  abstract readonly code: GeoGraphQLErrorCode;
}

/** A registry id that is not a positive integer. */
export class InvalidRegistryIdError extends GeoGraphQLUserError {
  override readonly name = 'InvalidRegistryIdError';
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly value: unknown) {
    super(
      `${JSON.stringify(value)} is not a registry id: pass a positive integer, the id of a ` +
        `registry as a registries connection lists it (nodes { id }).`,
    );
  }
}

/** A list filter with more entries than `GRAPHQL_LIMITS.filterListEntries`. */
export class FilterListTooLongError extends GeoGraphQLUserError {
  override readonly name = 'FilterListTooLongError';
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly argument: string,
    readonly entries: number,
    readonly limit: number,
  ) {
    super(
      `${argument} has ${entries} entries; the limit is ${limit}. Send the ${argument} over ` +
        `several requests, or filter by state instead.`,
    );
  }
}

/** A cursor this API did not hand out. */
export class InvalidCursorError extends GeoGraphQLUserError {
  override readonly name = 'InvalidCursorError';
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly cursor: string) {
    super(
      `${JSON.stringify(cursor)} is not a cursor of this connection: pass a value it returned ` +
        `(edges { cursor } or pageInfo { startCursor endCursor }).`,
    );
  }
}

/** A cursor handed out by the same connection under another `sort`. */
export class CursorSortMismatchError extends GeoGraphQLUserError {
  override readonly name = 'CursorSortMismatchError';
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly cursorSort: string,
    readonly sort: string,
  ) {
    super(
      `This cursor comes from a page sorted by ${cursorSort.toUpperCase()}, but this request ` +
        `sorts by ${sort.toUpperCase()}. Pass sort: ${cursorSort.toUpperCase()} to go on paging, ` +
        `or start again without after/before.`,
    );
  }
}

/** A `keyword` the finder cannot search by. */
export class UnsupportedKeywordError extends GeoGraphQLUserError {
  override readonly name = 'UnsupportedKeywordError';
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly keyword: string,
    readonly model: string,
  ) {
    super(
      `${model} registries are searched by record id only, and ${JSON.stringify(keyword)} is not ` +
        `one: pass the id of a ${model} (a registry's modelRecordId) as keyword, or filter by ` +
        `registry ids with ids.`,
    );
  }
}

/** Pagination arguments that cannot be honoured together (negative sizes, first with last). */
export class InvalidPaginationError extends GeoGraphQLUserError {
  override readonly name = 'InvalidPaginationError';
  readonly code = 'BAD_USER_INPUT';
}

/** No registry of that class has that id on this site. */
export class RegistryNotFoundError extends GeoGraphQLUserError {
  override readonly name = 'RegistryNotFoundError';
  readonly code = 'NOT_FOUND';
  constructor(
    readonly registryClass: string,
    readonly registryId: number,
    readonly site: string,
  ) {
    super(
      `${registryClass} ${registryId} does not exist on site ${site}. List the site's ` +
        `registries (geoNode { …Registries { nodes { id } } }) for the ids it has.`,
    );
  }
}

/** A mutation sent to the primary, which has no registries. */
export class RegistriesOnPrimaryError extends GeoGraphQLUserError {
  override readonly name = 'RegistriesOnPrimaryError';
  readonly code = 'FAILED_PRECONDITION';
  constructor(readonly site: string) {
    super(
      `Site ${site} is the Geo primary: registries live in each secondary's tracking database. ` +
        `Send this mutation to the /api/graphql of the secondary whose registries you mean.`,
    );
  }
}

/** A mutation of a replicable whose replication is off on this site. */
export class ReplicationDisabledError extends GeoGraphQLUserError {
  override readonly name = 'ReplicationDisabledError';
  readonly code = 'FAILED_PRECONDITION';
  constructor(
    readonly registryClass: string,
    readonly featureFlag: string,
  ) {
    super(
      `Replication of ${registryClass} is disabled on this site (feature flag ${featureFlag} is ` +
        `off), so its registries are not changed. Enable ${featureFlag} first.`,
    );
  }
}

/** REVERIFY of a registry that holds no synced copy to checksum. */
export class RegistryNotSyncedError extends GeoGraphQLUserError {
  override readonly name = 'RegistryNotSyncedError';
  readonly code = 'FAILED_PRECONDITION';
  constructor(
    readonly registryClass: string,
    readonly registryId: number,
    readonly state: string,
  ) {
    super(
      `Cannot reverify ${registryClass} ${registryId}: it is ${state}, and only synced registries ` +
        `are verified. Use action RESYNC to download it again.`,
    );
  }
}

/** The host's list of registry fields is wired wrongly (a mistake in code, found at start-up). */
export class InvalidRegistryFieldsError extends Error {
  override readonly name = 'InvalidRegistryFieldsError';
}
