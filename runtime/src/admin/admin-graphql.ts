import { constantCase } from 'change-case';
import * as v from 'valibot';
import { executeGeoGraphQL } from '../graphql/execute.ts';
import type { GeoNodeRegistryField } from '../graphql/registry-field.ts';
import type { GeoSchemaCache } from '../graphql/schema.ts';
import type { GeoSite } from '../sites/geo-site.ts';

/** A data type of the admin pages: one registries field of the site's GraphQL API. */
export interface AdminDataType {
  /** In URLs and status fields: `package_files`. */
  readonly slug: string;
  readonly title: string;
  readonly field: GeoNodeRegistryField;
  /** The `GeoRegistryClass` value of the mutations: `PACKAGE_FILE_REGISTRY`. */
  readonly registryClass: string;
}

export function adminDataTypes(fields: readonly GeoNodeRegistryField[]): AdminDataType[] {
  return fields.map((field) => {
    const replicator = field.resolver.replicator;
    return {
      slug: replicator.replicableNamePlural,
      title: replicator.replicableTitlePlural,
      field,
      registryClass: constantCase(field.type.registryClass.name),
    };
  });
}

export const REPLICATION_STATES = ['PENDING', 'STARTED', 'SYNCED', 'FAILED'] as const;
export const VERIFICATION_STATES = [
  'PENDING',
  'STARTED',
  'SUCCEEDED',
  'FAILED',
  'DISABLED',
] as const;

/** The filters of the replication details page, as its query string gives them. */
export interface RegistryFilters {
  readonly replicationState?: string;
  readonly verificationState?: string;
  readonly keyword?: string;
}

export interface RegistryPage {
  readonly filters: RegistryFilters;
  readonly after?: string;
  readonly before?: string;
}

/** Rows per page of the replication details. */
export const PAGE_SIZE = 20;

const RegistryRowSchema = v.object({
  id: v.string(),
  modelRecordId: v.number(),
  state: v.string(),
  retryCount: v.number(),
  lastSyncFailure: v.nullable(v.string()),
  retryAt: v.nullable(v.string()),
  lastSyncedAt: v.nullable(v.string()),
  verificationState: v.string(),
  verificationChecksum: v.nullable(v.string()),
  verificationChecksumMismatched: v.nullable(v.string()),
  verificationFailure: v.nullable(v.string()),
  verifiedAt: v.nullable(v.string()),
});
export type RegistryRow = v.InferOutput<typeof RegistryRowSchema>;

const ConnectionSchema = v.object({
  count: v.number(),
  nodes: v.array(RegistryRowSchema),
  pageInfo: v.object({
    hasNextPage: v.boolean(),
    hasPreviousPage: v.boolean(),
    startCursor: v.nullable(v.string()),
    endCursor: v.nullable(v.string()),
  }),
});
export type RegistryConnection = v.InferOutput<typeof ConnectionSchema>;

const ErrorsSchema = v.optional(v.array(v.object({ message: v.string() })));

/** What a query or mutation answered: its data, or the messages of its errors. */
export type Answer<T> =
  | { readonly kind: 'ok'; readonly data: T }
  | { readonly kind: 'error'; readonly messages: readonly string[] };

const ROW_FIELDS = Object.keys(RegistryRowSchema.entries).join(' ');

/** Runs one request against the site's own schema, in-process, and checks the answer's shape. */
async function run<T>(
  site: GeoSite,
  schemas: GeoSchemaCache,
  query: string,
  variables: Record<string, unknown>,
  shape: v.GenericSchema<unknown, T>,
): Promise<Answer<T>> {
  const outcome = await executeGeoGraphQL({
    schema: await schemas.schemaFor(site),
    context: { site },
    request: { query, variables },
  });
  if (outcome.kind === 'mutation-not-allowed') return { kind: 'error', messages: ['Not allowed.'] };
  const errors = v.parse(ErrorsSchema, outcome.result.errors ?? undefined) ?? [];
  if (errors.length > 0) return { kind: 'error', messages: errors.map((error) => error.message) };
  return { kind: 'ok', data: v.parse(shape, outcome.result.data) };
}

const filterVariables = (filters: RegistryFilters) => ({
  replicationState: filters.replicationState ?? null,
  verificationState: filters.verificationState ?? null,
  keyword: filters.keyword ?? null,
});

/** One page of a data type's registries on this site, filtered. */
export async function registryPage(
  site: GeoSite,
  schemas: GeoSchemaCache,
  type: AdminDataType,
  page: RegistryPage,
): Promise<Answer<RegistryConnection | null>> {
  const query = `query Registries($first: Int, $after: String, $last: Int, $before: String,
    $replicationState: RegistryState, $verificationState: VerificationStateEnum, $keyword: String) {
    geoNode { ${type.field.name}(first: $first, after: $after, last: $last, before: $before,
      replicationState: $replicationState, verificationState: $verificationState, keyword: $keyword) {
      count nodes { ${ROW_FIELDS} } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
  const backwards = page.before !== undefined;
  const answer = await run(
    site,
    schemas,
    query,
    {
      ...filterVariables(page.filters),
      ...(backwards
        ? { last: PAGE_SIZE, before: page.before }
        : { first: PAGE_SIZE, after: page.after ?? null }),
    },
    v.object({ geoNode: v.nullable(v.record(v.string(), v.nullable(ConnectionSchema))) }),
  );
  if (answer.kind === 'error') return answer;
  return { kind: 'ok', data: answer.data.geoNode?.[type.field.name] ?? null };
}

/** Resyncs or reverifies one registry; answers what to tell the administrator. */
export async function updateOneRegistry(
  site: GeoSite,
  schemas: GeoSchemaCache,
  type: AdminDataType,
  registryId: string,
  action: 'RESYNC' | 'REVERIFY',
): Promise<Answer<{ readonly errors: readonly string[]; readonly state: string }>> {
  const query = `mutation Update($registryId: ID!) { geoRegistriesUpdate(input: {
    registryClass: ${type.registryClass}, registryId: $registryId, action: ${action} }) {
    errors registry { id state verificationState } } }`;
  const answer = await run(
    site,
    schemas,
    query,
    { registryId },
    v.object({
      geoRegistriesUpdate: v.object({
        errors: v.array(v.string()),
        registry: v.object({ id: v.string(), state: v.string(), verificationState: v.string() }),
      }),
    }),
  );
  if (answer.kind === 'error') return answer;
  const { errors, registry } = answer.data.geoRegistriesUpdate;
  return {
    kind: 'ok',
    data: { errors, state: action === 'RESYNC' ? registry.state : registry.verificationState },
  };
}

/**
 * Resyncs or reverifies every registry matching the filters. The bulk mutation has no keyword
 * filter: a keyword is resolved to the registries it finds first (none: nothing is changed, for
 * an empty `ids` list would change them all).
 */
export async function updateMatchingRegistries(
  site: GeoSite,
  schemas: GeoSchemaCache,
  type: AdminDataType,
  filters: RegistryFilters,
  action: 'RESYNC_ALL' | 'REVERIFY_ALL',
): Promise<Answer<{ readonly errors: readonly string[]; readonly updatedCount: number }>> {
  let ids: string[] | null = null;
  if (filters.keyword !== undefined) {
    const found = await registryPage(site, schemas, type, { filters });
    if (found.kind === 'error') return found;
    ids = found.data?.nodes.map((row) => row.id) ?? [];
    if (ids.length === 0) return { kind: 'ok', data: { errors: [], updatedCount: 0 } };
  }
  const query = `mutation Bulk($ids: [ID!], $replicationState: RegistryState,
    $verificationState: VerificationStateEnum) { geoRegistriesBulkUpdate(input: {
    registryClass: ${type.registryClass}, action: ${action}, ids: $ids,
    replicationState: $replicationState, verificationState: $verificationState }) {
    errors updatedCount } }`;
  const { keyword: _keyword, ...states } = filterVariables(filters);
  const answer = await run(
    site,
    schemas,
    query,
    { ...states, ids },
    v.object({
      geoRegistriesBulkUpdate: v.object({ errors: v.array(v.string()), updatedCount: v.number() }),
    }),
  );
  if (answer.kind === 'error') return answer;
  return { kind: 'ok', data: answer.data.geoRegistriesBulkUpdate };
}
