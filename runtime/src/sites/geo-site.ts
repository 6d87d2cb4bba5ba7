import type { Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import { ReadOnlyPlugin } from '../db/read-only-plugin.ts';
import { FeatureFlags } from '../feature-flags/feature-flags.ts';
import { SILENT_LOGGER, type GeoLogger } from '../log/logger.ts';
import type { FeatureFlagDefinition } from '../feature-flags/definition.ts';
import { ActivityMetrics } from '../status/activity-metrics.ts';
import type { GeoNode } from './geo-node.ts';
import { GeoNodeNotFoundError, GeoNodes } from './geo-nodes.ts';
import {
  defaultRepositoryStorages,
  UnknownRepositoryStorageError,
  type RepositoryStorages,
} from './repository-storages.ts';
import type { SiteFetchers } from './site-fetchers.ts';

export interface GeoSiteOptions {
  /** This site's name in `geo_nodes` (from configuration). */
  readonly name: string;
  /** The main database: the primary's own, or on a secondary its replica (made read-only here). */
  readonly mainDb: Kysely<MainDatabase>;
  /** A secondary's own tracking database. */
  readonly trackingDb?: Kysely<TrackingDatabase>;
  /** Where this site's uploaders keep files: one directory per site. */
  readonly storageRoot: string;
  /** Where this site keeps each repository storage (shard); default: `default` under `storageRoot`. */
  readonly repositoryStorages?: RepositoryStorages;
  readonly featureFlagDefinitions: ReadonlyMap<string, FeatureFlagDefinition>;
  /** How this secondary fetches data from the primary, by strategy; without one, syncs wait for a process that has it. */
  readonly fetchers?: (site: GeoSite) => SiteFetchers;
  /** Where the site's structured logs go (downloads, state transitions); default: nowhere. */
  readonly logger?: GeoLogger;
}

export class TrackingDatabaseMissingError extends Error {
  override readonly name = 'TrackingDatabaseMissingError';
  constructor(readonly site: string) {
    super(
      `Site ${site} is a Geo secondary but has no tracking database. Configure one ` +
        `(GEO_TRACKING_DATABASE) and run its migrations (geo-runtime db:migrate --tracking).`,
    );
  }
}

/**
 * The site this process runs as: its row in `geo_nodes`, its databases, its storage and flags.
 * Everything the framework does goes through one of these.
 */
export class GeoSite {
  readonly name: string;
  readonly storageRoot: string;
  readonly repositoryStorages: RepositoryStorages;
  readonly #writableMainDb: Kysely<MainDatabase>;
  readonly #readOnlyMainDb: Kysely<MainDatabase>;
  readonly #trackingDb: Kysely<TrackingDatabase> | undefined;
  readonly #featureFlagDefinitions: ReadonlyMap<string, FeatureFlagDefinition>;
  readonly fetchers: SiteFetchers;
  /** What this process synced and verified for the site (Prometheus counters and histograms). */
  readonly activity = new ActivityMetrics();
  readonly logger: GeoLogger;
  #node: GeoNode | undefined;

  private constructor(options: GeoSiteOptions, node: GeoNode | undefined) {
    this.name = options.name;
    this.storageRoot = options.storageRoot;
    this.repositoryStorages =
      options.repositoryStorages ?? defaultRepositoryStorages(options.storageRoot);
    this.#writableMainDb = options.mainDb;
    this.#readOnlyMainDb = options.mainDb.withPlugin(new ReadOnlyPlugin());
    this.#trackingDb = options.trackingDb;
    this.#featureFlagDefinitions = options.featureFlagDefinitions;
    this.#node = node;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.fetchers = options.fetchers?.(this) ?? {};
  }

  /**
   * Loads the site's node. A site with no row yet (Geo not set up) is neither primary nor
   * secondary; a secondary's main database is wrapped so that any write fails clearly.
   */
  static async load(options: GeoSiteOptions): Promise<GeoSite> {
    const node = await new GeoNodes(options.mainDb).findByName(options.name);
    return new GeoSite(options, node);
  }

  /** The main database; read-only while this site is a secondary. */
  get mainDb(): Kysely<MainDatabase> {
    return this.#node !== undefined && !this.#node.primary
      ? this.#readOnlyMainDb
      : this.#writableMainDb;
  }

  get nodes(): GeoNodes {
    return new GeoNodes(this.mainDb);
  }

  get flags(): FeatureFlags {
    return this.flagsWith(this.mainDb);
  }

  /** Flags read through `db`: inside a transaction, pass it, so reads see (and wait for) nothing else. */
  flagsWith(db: Kysely<MainDatabase>): FeatureFlags {
    return new FeatureFlags(db, this.#featureFlagDefinitions);
  }

  /** This site's `geo_nodes` row; throws when Geo has not been set up for it. */
  get node(): GeoNode {
    if (!this.#node) throw new GeoNodeNotFoundError(this.name);
    return this.#node;
  }

  get nodeOrUndefined(): GeoNode | undefined {
    return this.#node;
  }

  isPrimary(): boolean {
    return this.#node?.primary === true && this.#node.enabled;
  }

  isSecondary(): boolean {
    return this.#node !== undefined && !this.#node.primary && this.#node.enabled;
  }

  /** The root directory of a repository storage on this site; throws for one it does not configure. */
  repositoryStorageRoot(storage: string): string {
    const root = Object.hasOwn(this.repositoryStorages, storage)
      ? this.repositoryStorages[storage]
      : undefined;
    if (root === undefined)
      throw new UnknownRepositoryStorageError(
        this.name,
        storage,
        Object.keys(this.repositoryStorages),
      );
    return root;
  }

  get trackingDb(): Kysely<TrackingDatabase> {
    if (!this.#trackingDb) throw new TrackingDatabaseMissingError(this.name);
    return this.#trackingDb;
  }

  /** Re-reads the node (settings such as capacities or selective sync may have changed). */
  async reload(): Promise<GeoNode | undefined> {
    this.#node = await this.nodes.findByName(this.name);
    return this.#node;
  }
}
