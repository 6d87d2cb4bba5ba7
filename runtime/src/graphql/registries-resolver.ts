import {
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLFieldConfigArgumentMap,
} from 'graphql';
import { MisconfiguredClassError } from '../model/errors.ts';
import type { Registry, RegistryClass, RegistryRow } from '../registry/registry.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoNode } from '../sites/geo-node.ts';
import { CONNECTION_ARGS } from './connection-types.ts';
import {
  emptyConnection,
  pageRequest,
  paginateRegistries,
  type Connection,
  type ConnectionArgs,
} from './pagination.ts';
import type { GeoGraphQLContext } from './context.ts';
import { RegistrySortEnum, RegistryStateEnum, VerificationStateEnum } from './enums.ts';
import type { RegistryFinderClass, RegistryFinderParams } from './registry-finder.ts';
import { DEFAULT_REGISTRY_SORT } from './registry-sort.ts';

/** The arguments of a registries field: cursors and the finder's filters. */
export interface RegistriesArgs extends ConnectionArgs, RegistryFinderParams {}

/** The GraphQL arguments of every registries field. */
export const REGISTRIES_ARGS: GraphQLFieldConfigArgumentMap = {
  ...CONNECTION_ARGS,
  ids: {
    type: new GraphQLList(new GraphQLNonNull(GraphQLID)),
    description: 'Filters registries by their ID (an empty list filters nothing).',
  },
  replicationState: {
    type: RegistryStateEnum,
    description: 'Filters registries by their replication state.',
  },
  verificationState: {
    type: VerificationStateEnum,
    description: 'Filters registries by their verification state.',
  },
  keyword: {
    type: GraphQLString,
    description:
      'Filters registries by the id of the record they track (modelRecordId); other text is refused.',
  },
  sort: {
    type: RegistrySortEnum,
    defaultValue: DEFAULT_REGISTRY_SORT,
    description: 'Order of the registries. A cursor is valid within the sort that returned it.',
  },
};

/** The static side of a registries resolver, as the Geo node type uses it. */
export interface RegistriesResolverClass {
  readonly name: string;
  readonly finder: RegistryFinderClass;
  readonly registryClass: RegistryClass;
  readonly replicator: ReplicatorClass;
  resolve(
    node: GeoNode,
    args: RegistriesArgs,
    context: GeoGraphQLContext,
  ): Promise<Connection<Registry>>;
}

/**
 * Resolves one registries connection of the Geo node type (`Resolvers::Geo::RegistriesResolver`).
 * A host declares one per replicable; the class only names its finder.
 *
 * Lists nothing (an empty connection, not an error) when the node is not this site, when this
 * site is the primary (registries live in a secondary's tracking database, and a primary has
 * none), or while replication of the replicable is disabled.
 *
 * @example
 * export class PackageFileRegistriesResolver extends RegistriesResolver {
 *   static override get finder() {
 *     return PackageFileRegistryFinder;
 *   }
 * }
 */
export abstract class RegistriesResolver {
  static get finder(): RegistryFinderClass {
    throw new MisconfiguredClassError(
      this.name,
      'finder',
      'Add `static override get finder()` returning the registry finder it uses.',
    );
  }

  static get registryClass(): RegistryClass {
    return this.finder.registryClass;
  }

  /** Whose replication flag decides whether anything is listed. */
  static get replicator(): ReplicatorClass {
    return this.registryClass.modelClass.replicatorClass;
  }

  static async resolve(
    this: RegistriesResolverClass,
    node: GeoNode,
    args: RegistriesArgs,
    context: GeoGraphQLContext,
  ): Promise<Connection<Registry>> {
    // Bad arguments are refused even when the answer would be empty.
    const finder = new this.finder(context.site, args);
    const page = pageRequest(args, finder.sort);
    const { site } = context;
    if (node.id !== site.nodeOrUndefined?.id || node.primary) return emptyConnection();
    if (!(await this.replicator.replicationEnabled(site))) return emptyConnection();
    return paginateRegistries(finder.query(), page, (row) => finder.build(row as RegistryRow));
  }
}
