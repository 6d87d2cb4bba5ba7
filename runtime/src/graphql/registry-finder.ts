import { sql } from 'kysely';
import { MisconfiguredClassError } from '../model/errors.ts';
import type { Registry, RegistryClass, RegistryRow } from '../registry/registry.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { REPLICATION_STATES, type ReplicationStateName } from '../states/replication-state.ts';
import { VERIFICATION_STATES, type VerificationStateName } from '../states/verification-state.ts';
import type { RegistryRowsQuery } from './pagination.ts';
import {
  FilterListTooLongError,
  InvalidRegistryIdError,
  UnsupportedKeywordError,
} from './errors.ts';
import { DEFAULT_REGISTRY_SORT, orderByExpressions, type RegistrySort } from './registry-sort.ts';
import { GRAPHQL_LIMITS } from './limits.ts';

/** The filters of a registries query. Blank ones (null, undefined, `[]`) filter nothing. */
export interface RegistryFinderParams {
  /** Registry ids (as GraphQL sends them: strings of digits; numbers also accepted). */
  readonly ids?: readonly (string | number)[] | null;
  readonly replicationState?: ReplicationStateName | null;
  readonly verificationState?: VerificationStateName | null;
  /** A record id to search for (blank: no search). See `FrameworkRegistryFinder#keyword`. */
  readonly keyword?: string | null;
  /** The order of `execute` and of connections; ID_ASC by default. */
  readonly sort?: RegistrySort | null;
}

/** The static side of a registry finder, as resolvers and mutations use it. */
export interface RegistryFinderClass {
  new (site: GeoSite, params?: RegistryFinderParams): FrameworkRegistryFinder;
  readonly name: string;
  readonly registryClass: RegistryClass;
}

/**
 * Parses a registry id as GraphQL sends it; throws InvalidRegistryIdError for anything but a
 * positive integer.
 *
 * @example parseRegistryId('12') // 12
 */
export function parseRegistryId(value: string | number): number {
  const id = typeof value === 'number' ? value : /^[1-9]\d*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new InvalidRegistryIdError(value);
  return id;
}

/**
 * Finds the registries of one registry class on a secondary, filtered by registry ids,
 * replication state, verification state and record id (`keyword`), in one of `REGISTRY_SORTS`
 * (`Geo::FrameworkRegistryFinder`).
 * A host declares one per registry class; the class only names its registry.
 *
 * @example
 * export class PackageFileRegistryFinder extends FrameworkRegistryFinder {
 *   static override get registryClass() {
 *     return PackageFileRegistry;
 *   }
 * }
 * const failed = await new PackageFileRegistryFinder(site, { replicationState: 'failed' }).execute();
 */
export abstract class FrameworkRegistryFinder {
  static get registryClass(): RegistryClass {
    throw new MisconfiguredClassError(
      this.name,
      'registryClass',
      'Add `static override get registryClass()` returning the registry class it finds.',
    );
  }

  readonly ids: readonly number[] | undefined;
  readonly replicationState: ReplicationStateName | undefined;
  readonly verificationState: VerificationStateName | undefined;
  /**
   * The record id searched for. GitLab's finders search with the model's `search` method; models
   * here have none, and their records live in another database than the registries, so a keyword
   * is a record id (a registry's `modelRecordId`). Anything else is refused with
   * UnsupportedKeywordError rather than ignored, so a search never silently lists everything.
   */
  readonly keyword: number | undefined;
  readonly sort: RegistrySort;

  /** Checks the filters at once: a bad id, or too many, fails here, before any query. */
  constructor(
    readonly site: GeoSite,
    params: RegistryFinderParams = {},
  ) {
    const entries = params.ids?.length ?? 0;
    if (entries > GRAPHQL_LIMITS.filterListEntries) {
      throw new FilterListTooLongError('ids', entries, GRAPHQL_LIMITS.filterListEntries);
    }
    this.ids = params.ids?.length ? params.ids.map(parseRegistryId) : undefined;
    this.replicationState = params.replicationState ?? undefined;
    this.verificationState = params.verificationState ?? undefined;
    const keyword = params.keyword?.trim();
    if (keyword && !/^[1-9]\d*$/.test(keyword)) {
      throw new UnsupportedKeywordError(keyword, this.registryClass.modelClass.name);
    }
    this.keyword = keyword ? Number(keyword) : undefined;
    this.sort = params.sort ?? DEFAULT_REGISTRY_SORT;
  }

  get registryClass(): RegistryClass {
    return (this.constructor as RegistryFinderClass).registryClass;
  }

  /** The filtered rows, not yet ordered: connections add cursors, order and limits. */
  query(): RegistryRowsQuery {
    let query = this.registryClass.selectRows(this.site);
    if (this.ids) query = query.where('id', 'in', this.ids);
    if (this.replicationState) {
      query = query.where('state', '=', REPLICATION_STATES[this.replicationState]);
    }
    if (this.verificationState) {
      query = query.where('verification_state', '=', VERIFICATION_STATES[this.verificationState]);
    }
    if (this.keyword !== undefined) {
      query = query.where(sql.ref(this.registryClass.modelForeignKey), '=', this.keyword);
    }
    return query;
  }

  /** Every matching registry, in the finder's sort. */
  async execute(): Promise<Registry[]> {
    let query = this.query();
    for (const order of orderByExpressions(this.sort, 'forward')) query = query.orderBy(order);
    const rows = await query.execute();
    return rows.map((row) => this.build(row as RegistryRow));
  }

  /** A registry object of this finder's class around a row it read. */
  build(row: RegistryRow): Registry {
    return new this.registryClass(this.site, row);
  }
}
