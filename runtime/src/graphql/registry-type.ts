import {
  GraphQLBoolean,
  GraphQLID,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigMap,
  type GraphQLNullableType,
} from 'graphql';
import { Registry, type RegistryClass } from '../registry/registry.ts';
import { RepositoryRegistry } from '../registry/repository-registry.ts';
import { checksumFromBytes } from '../verification/checksum.ts';
import { connectionTypesFor } from './connection-types.ts';
import type { GeoGraphQLContext } from './context.ts';
import { RegistryStateEnum, VerificationStateEnum } from './enums.ts';
import { InvalidRegistryFieldsError } from './errors.ts';
import type { Connection, Edge } from './pagination.ts';
import { TimeScalar } from './scalars.ts';

type RegistryFields = GraphQLFieldConfigMap<Registry, GeoGraphQLContext>;

const nonNull = <T extends GraphQLNullableType>(type: T) => new GraphQLNonNull(type);

// `Types::Geo::RegistryType`: the fields every registry type has, from the registry row.
function commonRegistryFields(): RegistryFields {
  return {
    id: {
      type: nonNull(GraphQLID),
      description: 'ID of the registry (what `ids` filters and mutations take).',
      resolve: (registry) => registry.id,
    },
    modelRecordId: {
      type: nonNull(GraphQLInt),
      description: 'ID of the record the registry tracks.',
      resolve: (registry) => registry.modelRecordId,
    },
    state: {
      type: nonNull(RegistryStateEnum),
      description: 'Sync state of the registry.',
      resolve: (registry) => registry.state,
    },
    retryCount: {
      type: nonNull(GraphQLInt),
      description: 'Number of consecutive failed sync attempts.',
      resolve: (registry) => registry.row.retry_count,
    },
    lastSyncFailure: {
      type: GraphQLString,
      description: 'Error message of the last failed sync.',
      resolve: (registry) => registry.row.last_sync_failure,
    },
    retryAt: {
      type: TimeScalar,
      description: 'Time after which a failed sync is retried.',
      resolve: (registry) => registry.row.retry_at,
    },
    lastSyncedAt: {
      type: TimeScalar,
      description: 'Time of the last sync attempt.',
      resolve: (registry) => registry.row.last_synced_at,
    },
    createdAt: {
      type: nonNull(TimeScalar),
      description: 'Time the registry was created.',
      resolve: (registry) => registry.row.created_at,
    },
    checksumMismatch: {
      type: nonNull(GraphQLBoolean),
      description:
        "Whether the copy's checksum differed from the primary's at the last verification.",
      resolve: (registry) => registry.row.checksum_mismatch,
    },
    verificationState: {
      type: nonNull(VerificationStateEnum),
      description: 'Verification state of the copy.',
      resolve: (registry) => registry.verificationState,
    },
    verificationChecksum: {
      type: GraphQLString,
      description: "SHA256 checksum of this site's copy (hex).",
      resolve: (registry) => registry.verificationChecksum,
    },
    verificationChecksumMismatched: {
      type: GraphQLString,
      description: "The primary's checksum when the copy's did not match it (hex).",
      resolve: (registry) => checksumFromBytes(registry.row.verification_checksum_mismatched),
    },
    verificationFailure: {
      type: GraphQLString,
      description: 'Error message of the last failed verification.',
      resolve: (registry) => registry.row.verification_failure,
    },
    verificationRetryCount: {
      type: nonNull(GraphQLInt),
      description: 'Number of consecutive failed verification attempts.',
      resolve: (registry) => registry.row.verification_retry_count,
    },
    verificationRetryAt: {
      type: TimeScalar,
      description: 'Time after which a failed verification is retried.',
      resolve: (registry) => registry.row.verification_retry_at,
    },
    verificationStartedAt: {
      type: TimeScalar,
      description: 'Time the current or last verification started.',
      resolve: (registry) => registry.row.verification_started_at,
    },
    verifiedAt: {
      type: TimeScalar,
      description: 'Time of the last verification.',
      resolve: (registry) => registry.row.verified_at,
    },
  };
}

// The fields of a repository data type's registry besides the common ones.
function repositoryRegistryFields(): RegistryFields {
  return {
    missingOnPrimary: {
      type: nonNull(GraphQLBoolean),
      description:
        'Whether the primary had no such repository at the last sync (synced as such; a ' +
        'secondary answers fetches of it with 404, as the primary does).',
      resolve: (registry) => registry instanceof RepositoryRegistry && registry.missingOnPrimary,
    },
  };
}

/**
 * The fields every Geo registry type has; mutations return registries through it.
 *
 * @example mutation { geoRegistriesUpdate(…) { registry { id state ... on PackageFileRegistry { packageFileId } } } }
 */
export const GeoRegistryInterface = new GraphQLInterfaceType({
  name: 'GeoRegistry',
  description: 'The Geo replication and verification state of one record on a secondary site.',
  fields: commonRegistryFields,
});

/** How a host declares the GraphQL type of one registry class. */
export interface RegistryTypeOptions {
  /** The GraphQL type name, e.g. `PackageFileRegistry`. */
  readonly name: string;
  readonly description: string;
  readonly registryClass: RegistryClass;
  /** The model's id under the model's own name, e.g. `packageFileId`. */
  readonly foreignKey: { readonly name: string; readonly description: string };
}

/**
 * A registry object type: the common `GeoRegistry` fields, `missingOnPrimary` for a repository
 * data type, and the model's foreign key, with its connection and edge types.
 */
export class GeoRegistryType extends GraphQLObjectType<Registry, GeoGraphQLContext> {
  readonly registryClass: RegistryClass;
  readonly foreignKeyField: string;
  readonly connectionType: GraphQLObjectType<Connection<Registry>>;
  readonly edgeType: GraphQLObjectType<Edge<Registry>>;

  constructor(options: RegistryTypeOptions) {
    const { registryClass, foreignKey } = options;
    if (foreignKey.name in GeoRegistryInterface.getFields()) {
      throw new InvalidRegistryFieldsError(
        `${options.name}: the foreign key field '${foreignKey.name}' clashes with a field every ` +
          `registry has; name it after the model, e.g. '<model>Id'.`,
      );
    }
    super({
      name: options.name,
      description: options.description,
      interfaces: [GeoRegistryInterface],
      isTypeOf: (value) => value instanceof Registry && value.registryClass === registryClass,
      fields: () => ({
        ...commonRegistryFields(),
        ...(RepositoryRegistry.isPrototypeOf(registryClass) && repositoryRegistryFields()),
        [foreignKey.name]: {
          type: nonNull(GraphQLID),
          description: foreignKey.description,
          resolve: (registry) => registry.modelRecordId,
        },
      }),
    });
    this.registryClass = registryClass;
    this.foreignKeyField = foreignKey.name;
    const { connection, edge } = connectionTypesFor<Registry>(this);
    this.connectionType = connection;
    this.edgeType = edge;
  }
}

/**
 * Declares the GraphQL type of a registry class (`Types::Geo::CoolWidgetRegistryType`).
 *
 * @example
 * export const PackageFileRegistryType = defineRegistryType({
 *   name: 'PackageFileRegistry',
 *   description: 'Represents the Geo replication and verification state of a package_file',
 *   registryClass: PackageFileRegistry,
 *   foreignKey: { name: 'packageFileId', description: 'ID of the Package File' },
 * });
 */
export function defineRegistryType(options: RegistryTypeOptions): GeoRegistryType {
  return new GeoRegistryType(options);
}
