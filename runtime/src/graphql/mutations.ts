import { constantCase } from 'change-case';
import {
  GraphQLEnumType,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLFieldConfig,
} from 'graphql';
import type { Registry } from '../registry/registry.ts';
import type { GeoGraphQLContext } from './context.ts';
import {
  GeoRegistriesBulkActionEnum,
  GeoRegistryActionEnum,
  RegistryStateEnum,
  VerificationStateEnum,
  type RegistriesBulkAction,
  type RegistryAction,
} from './enums.ts';
import { bulkUpdateRegistries, updateRegistry } from './registry-actions.ts';
import type { GeoNodeRegistryField } from './registry-field.ts';
import { parseRegistryId, type RegistryFinderParams } from './registry-finder.ts';
import { GeoRegistryInterface } from './registry-type.ts';

interface UpdateArgs {
  readonly registryClass: GeoNodeRegistryField;
  readonly registryId: string;
  readonly action: RegistryAction;
}

interface BulkUpdateArgs extends RegistryFinderParams {
  readonly registryClass: GeoNodeRegistryField;
  readonly action: RegistriesBulkAction;
}

interface BulkUpdatePayload {
  readonly registryClass: GeoNodeRegistryField;
  readonly action: RegistriesBulkAction;
  readonly updatedCount: number;
}

type Mutation<Args> = GraphQLFieldConfig<unknown, GeoGraphQLContext, Args>;

/** The mutations over these (visible) fields' registries, or none when there are no fields. */
export interface RegistryMutations {
  readonly geoRegistriesUpdate: Mutation<UpdateArgs>;
  readonly geoRegistriesBulkUpdate: Mutation<BulkUpdateArgs>;
}

const UpdatePayloadType = new GraphQLObjectType<{ readonly registry: Registry }>({
  name: 'GeoRegistriesUpdatePayload',
  description: 'The registry after `geoRegistriesUpdate`.',
  fields: {
    registry: {
      type: new GraphQLNonNull(GeoRegistryInterface),
      description: 'The registry, re-read.',
    },
  },
});

/**
 * `geoRegistriesUpdate` and `geoRegistriesBulkUpdate`, whose `registryClass` enum lists the
 * registry classes of the visible fields only (`PACKAGE_FILE_REGISTRY`, …), so a hidden
 * replicable cannot be changed either. Undefined when no field is visible (an enum needs values).
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
      'A registry class of this site. Replicables whose feature flag is off are not listed.',
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

  return {
    geoRegistriesUpdate: {
      type: new GraphQLNonNull(UpdatePayloadType),
      description:
        'Resyncs (marks pending) or reverifies (marks verification pending) one registry of this secondary.',
      args: {
        registryClass: {
          type: new GraphQLNonNull(registryClassEnum),
          description: 'Class of the registry.',
        },
        registryId: { type: new GraphQLNonNull(GraphQLID), description: 'ID of the registry.' },
        action: { type: new GraphQLNonNull(GeoRegistryActionEnum), description: 'What to do.' },
      },
      resolve: async (_root, args, { site }) => ({
        registry: await updateRegistry(
          site,
          args.registryClass.type.registryClass,
          parseRegistryId(args.registryId),
          args.action,
        ),
      }),
    },
    geoRegistriesBulkUpdate: {
      type: new GraphQLNonNull(bulkPayloadType),
      description:
        'Resyncs or reverifies every registry of one replicable on this secondary (optionally filtered).',
      args: {
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
      resolve: async (_root, args, { site }) => {
        const finder = new args.registryClass.resolver.finder(site, args);
        const updatedCount = await bulkUpdateRegistries(finder, args.action);
        return { registryClass: args.registryClass, action: args.action, updatedCount };
      },
    },
  };
}
