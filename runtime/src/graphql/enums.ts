import { GraphQLEnumType, type GraphQLEnumValueConfigMap } from 'graphql';
import { REGISTRY_SORTS, type RegistrySort } from './registry-sort.ts';
import { REPLICATION_STATES, type ReplicationStateName } from '../states/replication-state.ts';
import { VERIFICATION_STATES, type VerificationStateName } from '../states/verification-state.ts';

/** What a client can ask of one registry (`geoRegistriesUpdate`). */
export const REGISTRY_ACTIONS = ['resync', 'reverify'] as const;
export type RegistryAction = (typeof REGISTRY_ACTIONS)[number];

/** What a client can ask of every registry of one replicable (`geoRegistriesBulkUpdate`). */
export const REGISTRIES_BULK_ACTIONS = ['resync_all', 'reverify_all'] as const;
export type RegistriesBulkAction = (typeof REGISTRIES_BULK_ACTIONS)[number];

const REPLICATION_STATE_DESCRIPTIONS: Record<ReplicationStateName, string> = {
  pending: 'Waiting to be synced.',
  started: 'Being synced now.',
  synced: 'Synced: this site holds a copy.',
  failed: 'The last sync failed; it is retried after `retryAt`.',
};

const VERIFICATION_STATE_DESCRIPTIONS: Record<VerificationStateName, string> = {
  pending: 'Waiting to be verified.',
  started: 'Being verified now.',
  succeeded: "Verified: the copy's checksum matches the primary's.",
  failed: 'The last verification failed; it is retried after `verificationRetryAt`.',
  disabled: 'Not verified: the primary has no checksum to compare with yet.',
};

const ACTION_DESCRIPTIONS: Record<RegistryAction | RegistriesBulkAction, string> = {
  resync: 'Mark the registry pending, so it is downloaded again.',
  reverify: 'Mark the verification pending, so the copy is checksummed again.',
  resync_all: 'Mark every registry pending, so all are downloaded again.',
  reverify_all: 'Mark the verification of every synced registry pending.',
};

// Values are the runtime's lower-case names, so resolvers pass them around unchanged.
function enumValues<N extends string>(
  names: readonly N[],
  descriptions: Record<N, string>,
): GraphQLEnumValueConfigMap {
  return Object.fromEntries(
    names.map((name) => [name.toUpperCase(), { value: name, description: descriptions[name] }]),
  );
}

/**
 * A registry's replication state: `PENDING`, `STARTED`, `SYNCED`, `FAILED`.
 *
 * @example { packageFileRegistries(replicationState: FAILED) { nodes { id lastSyncFailure } } }
 */
export const RegistryStateEnum = new GraphQLEnumType({
  name: 'RegistryState',
  description: 'State of a Geo registry: where its copy is in the replication cycle.',
  values: enumValues(
    Object.keys(REPLICATION_STATES) as ReplicationStateName[],
    REPLICATION_STATE_DESCRIPTIONS,
  ),
});

/**
 * A registry's verification state: `PENDING`, `STARTED`, `SUCCEEDED`, `FAILED`, `DISABLED`.
 *
 * @example { packageFileRegistries(verificationState: FAILED) { nodes { id verificationFailure } } }
 */
export const VerificationStateEnum = new GraphQLEnumType({
  name: 'VerificationStateEnum',
  description: "State of a Geo registry's verification: is its copy known to be intact?",
  values: enumValues(
    Object.keys(VERIFICATION_STATES) as VerificationStateName[],
    VERIFICATION_STATE_DESCRIPTIONS,
  ),
});

/**
 * `RESYNC` or `REVERIFY`, the action of `geoRegistriesUpdate`.
 *
 * @example mutation { geoRegistriesUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, registryId: "3", action: RESYNC }) { registry { state } } }
 */
export const GeoRegistryActionEnum = new GraphQLEnumType({
  name: 'GeoRegistryAction',
  description: 'What to do with one Geo registry.',
  values: enumValues(REGISTRY_ACTIONS, ACTION_DESCRIPTIONS),
});

/**
 * `RESYNC_ALL` or `REVERIFY_ALL`, the action of `geoRegistriesBulkUpdate`.
 *
 * @example mutation { geoRegistriesBulkUpdate(input: { registryClass: PACKAGE_FILE_REGISTRY, action: REVERIFY_ALL }) { updatedCount } }
 */
export const GeoRegistriesBulkActionEnum = new GraphQLEnumType({
  name: 'GeoRegistriesBulkAction',
  description: 'What to do with every Geo registry of one replicable.',
  values: enumValues(REGISTRIES_BULK_ACTIONS, ACTION_DESCRIPTIONS),
});

const SORT_DESCRIPTIONS: Record<RegistrySort, string> = {
  id_asc: 'By ID, ascending (the default).',
  id_desc: 'By ID, descending.',
  last_synced_at_asc: 'By time of the last sync, oldest first; never synced last.',
  last_synced_at_desc: 'By time of the last sync, newest first; never synced first.',
  verified_at_asc: 'By time of the last verification, oldest first; never verified last.',
  verified_at_desc: 'By time of the last verification, newest first; never verified first.',
};

/**
 * The order of a registries connection (`Types::Geo::RegistrySortEnum`); ties go by ID in the
 * same direction.
 *
 * @example { packageFileRegistries(sort: LAST_SYNCED_AT_DESC, first: 10) { nodes { id lastSyncedAt } } }
 */
export const RegistrySortEnum = new GraphQLEnumType({
  name: 'GeoRegistrySort',
  description: 'Values for sorting Geo registries.',
  values: enumValues(REGISTRY_SORTS, SORT_DESCRIPTIONS),
});
