import { constantCase } from 'change-case';
import {
  GraphQLEnumType,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfig,
} from 'graphql';
import type { Registry } from '../registry/registry.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { GeoGraphQLContext } from './context.ts';
import {
  GeoRegistriesBulkActionEnum,
  GeoRegistryActionEnum,
  RegistryStateEnum,
  VerificationStateEnum,
  type RegistriesBulkAction,
  type RegistryAction,
} from './enums.ts';
import { RegistryNotSyncedError, ReplicationDisabledError } from './errors.ts';
import { bulkUpdateRegistries, updateRegistry } from './registry-actions.ts';
import type { GeoNodeRegistryField } from './registry-field.ts';
import { parseRegistryId, type RegistryFinderParams } from './registry-finder.ts';
import { GeoRegistryInterface } from './registry-type.ts';

/**
 * GitLab's mutation convention: one `input` argument, and a payload with `clientMutationId` and
 * `errors`. Requests that cannot apply at all (bad input, unknown registry, the primary, replication
 * off) are GraphQL errors; an action the registry's state refuses goes in `errors`.
 */
interface MutationInput {
  readonly clientMutationId?: string | null;
}

interface MutationPayload {
  readonly clientMutationId: string | null;
  readonly errors: readonly string[];
}

interface UpdateInput extends MutationInput {
  readonly registryClass: GeoNodeRegistryField;
  readonly registryId: string;
  readonly action: RegistryAction;
}

interface BulkUpdateInput extends MutationInput, RegistryFinderParams {
  readonly registryClass: GeoNodeRegistryField;
  readonly action: RegistriesBulkAction;
}

interface UpdatePayload extends MutationPayload {
  readonly registry: Registry;
}

interface BulkUpdatePayload extends MutationPayload {
  readonly registryClass: GeoNodeRegistryField;
  readonly action: RegistriesBulkAction;
  readonly updatedCount: number;
}

const CLIENT_MUTATION_ID = {
  type: GraphQLString,
  description: 'A unique identifier for the client performing the mutation.',
};

const PAYLOAD_FIELDS = {
  clientMutationId: CLIENT_MUTATION_ID,
  errors: {
    type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))),
    description: 'Why the mutation did nothing (empty when it was done).',
  },
};

/** Changing the registries of a replicable that is not replicated would only queue dead work. */
async function assertReplicationEnabled(site: GeoSite, field: GeoNodeRegistryField): Promise<void> {
  const { replicator } = field.resolver;
  if (!(await replicator.replicationEnabled(site))) {
    throw new ReplicationDisabledError(
      field.type.registryClass.name,
      replicator.replicationFeatureFlag,
    );
  }
}

type Mutation<Args> = GraphQLFieldConfig<unknown, GeoGraphQLContext, Args>;

/** The mutations over these (visible) fields' registries, or none when there are no fields. */
export interface RegistryMutations {
  readonly geoRegistriesUpdate: Mutation<{ readonly input: UpdateInput }>;
  readonly geoRegistriesBulkUpdate: Mutation<{ readonly input: BulkUpdateInput }>;
}

const UpdatePayloadType = new GraphQLObjectType<UpdatePayload>({
  name: 'GeoRegistriesUpdatePayload',
  description: 'The registry after `geoRegistriesUpdate`.',
  fields: {
    ...PAYLOAD_FIELDS,
    registry: {
      type: new GraphQLNonNull(GeoRegistryInterface),
      description: 'The registry, re-read (unchanged when `errors` says why).',
    },
  },
});

/**
 * `geoRegistriesUpdate` and `geoRegistriesBulkUpdate`, whose `registryClass` enum lists the
 * registry classes of the fields (`PACKAGE_FILE_REGISTRY`, …); a replicable whose replication is
 * off is refused with ReplicationDisabledError. Undefined without fields (an enum needs values).
 *
 * @example buildRegistryMutations(GEO_NODE_REGISTRY_FIELDS)?.geoRegistriesUpdate
 */
export function buildRegistryMutations(
  fields: readonly GeoNodeRegistryField[],
): RegistryMutations | undefined {
  if (fields.length === 0) return undefined;
  const registryClassEnum = new GraphQLEnumType({
    name: 'GeoRegistryClass',
    description:
      'A registry class of this site (listed whether or not its replication is enabled).',
    values: Object.fromEntries(
      fields.map((field) => [
        constantCase(field.type.registryClass.name),
        { value: field, description: `${field.type.registryClass.name} (${field.name}).` },
      ]),
    ),
  });
  const bulkPayloadType = new GraphQLObjectType<BulkUpdatePayload>({
    name: 'GeoRegistriesBulkUpdatePayload',
    description: 'What `geoRegistriesBulkUpdate` changed.',
    fields: {
      ...PAYLOAD_FIELDS,
      registryClass: {
        type: new GraphQLNonNull(registryClassEnum),
        description: 'The registry class changed.',
      },
      action: {
        type: new GraphQLNonNull(GeoRegistriesBulkActionEnum),
        description: 'The action taken.',
      },
      updatedCount: {
        type: new GraphQLNonNull(GraphQLInt),
        description:
          'How many registries changed (those already in the target state are left alone).',
      },
    },
  });

  const updateInput = new GraphQLInputObjectType({
    name: 'GeoRegistriesUpdateInput',
    description: 'The input of `geoRegistriesUpdate`.',
    fields: {
      clientMutationId: CLIENT_MUTATION_ID,
      registryClass: {
        type: new GraphQLNonNull(registryClassEnum),
        description: 'Class of the registry.',
      },
      registryId: { type: new GraphQLNonNull(GraphQLID), description: 'ID of the registry.' },
      action: { type: new GraphQLNonNull(GeoRegistryActionEnum), description: 'What to do.' },
    },
  });
  const bulkUpdateInput = new GraphQLInputObjectType({
    name: 'GeoRegistriesBulkUpdateInput',
    description: 'The input of `geoRegistriesBulkUpdate`.',
    fields: {
      clientMutationId: CLIENT_MUTATION_ID,
      registryClass: {
        type: new GraphQLNonNull(registryClassEnum),
        description: 'Class of the registries.',
      },
      action: {
        type: new GraphQLNonNull(GeoRegistriesBulkActionEnum),
        description: 'What to do.',
      },
      ids: {
        type: new GraphQLList(new GraphQLNonNull(GraphQLID)),
        description: 'Only these registries.',
      },
      replicationState: {
        type: RegistryStateEnum,
        description: 'Only registries in this state.',
      },
      verificationState: {
        type: VerificationStateEnum,
        description: 'Only registries in this verification state.',
      },
    },
  });

  return {
    geoRegistriesUpdate: {
      type: new GraphQLNonNull(UpdatePayloadType),
      description:
        'Resyncs (marks pending) or reverifies (marks verification pending) one registry of this secondary.',
      args: { input: { type: new GraphQLNonNull(updateInput), description: 'What to change.' } },
      resolve: async (_root, { input }, { site }) => {
        await assertReplicationEnabled(site, input.registryClass);
        const { registryClass } = input.registryClass.type;
        const registryId = parseRegistryId(input.registryId);
        const clientMutationId = input.clientMutationId ?? null;
        try {
          const registry = await updateRegistry(site, registryClass, registryId, input.action);
          return { clientMutationId, errors: [], registry };
        } catch (error) {
          if (!(error instanceof RegistryNotSyncedError)) throw error;
          const registry = await registryClass.findById(site, registryId);
          if (!registry) throw error;
          return { clientMutationId, errors: [error.message], registry };
        }
      },
    },
    geoRegistriesBulkUpdate: {
      type: new GraphQLNonNull(bulkPayloadType),
      description:
        'Resyncs or reverifies every registry of one replicable on this secondary (optionally filtered).',
      args: {
        input: { type: new GraphQLNonNull(bulkUpdateInput), description: 'What to change.' },
      },
      resolve: async (_root, { input }, { site }) => {
        await assertReplicationEnabled(site, input.registryClass);
        const finder = new input.registryClass.resolver.finder(site, input);
        const updatedCount = await bulkUpdateRegistries(finder, input.action);
        return {
          clientMutationId: input.clientMutationId ?? null,
          errors: [],
          registryClass: input.registryClass,
          action: input.action,
          updatedCount,
        };
      },
    },
  };
}
