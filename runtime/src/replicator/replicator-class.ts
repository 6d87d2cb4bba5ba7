import type { ReplicableModelClass } from '../model/replicable-model.ts';
import type { RegistryClass } from '../registry/registry.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { VerificationTable } from '../verification/verification-table.ts';
import type { BlobReplicatorClass } from './blob-replicator.ts';
import type { RepositoryReplicatorClass } from './repository-replicator.ts';
import type { MainExecutor, ReplicatorEvent } from './events.ts';
import type { Replicator } from './replicator.ts';

export const STRATEGIES = ['blob', 'repository'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** How a replicator is made: around a loaded record, or around an id (loaded on demand). */
export type ReplicatorTarget<M> = { readonly modelRecord: M } | { readonly modelRecordId: number };

/**
 * The static side every strategy's replicator shares, as the framework uses it. Code that works
 * for any strategy takes a `ReplicatorClass` and uses only this; a strategy's own class type
 * extends it with its `strategy` literal and its model's class.
 */
export interface ReplicatorClassBase<R extends Replicator = Replicator> {
  // `never`: the framework sees every replicator through this one interface, whatever its model.
  new (site: GeoSite, target: ReplicatorTarget<never>): R;
  readonly name: string;
  readonly strategy: Strategy;
  readonly events: readonly ReplicatorEvent[];
  readonly model: ReplicableModelClass;
  readonly registryClass: RegistryClass;
  readonly replicationEnabledByDefault: boolean;
  readonly replicableName: string;
  readonly replicableNamePlural: string;
  readonly replicableTitle: string;
  readonly replicableTitlePlural: string;
  readonly replicationFeatureFlag: string;
  /** A sync still `started` after this long was lost with its worker (the timeout sweep fails it). */
  readonly syncTimeoutSeconds: number;
  replicationEnabled(site: GeoSite, db?: MainExecutor): Promise<boolean>;
  verificationEnabled(site: GeoSite): Promise<boolean>;
  verificationTable(site: GeoSite): VerificationTable;
  verifyBatch(site: GeoSite, limit?: number): Promise<number>;
  publishChecksumsSucceeded(modelRecordIds: readonly number[], db: MainExecutor): Promise<number>;
}

/**
 * Any replicator class of the application, keyed by `strategy`: what `REPLICATOR_CLASSES` holds.
 * Narrow on `strategy` to reach a strategy's own side (`strategy === 'blob'`: a `BlobModelClass`,
 * `BlobReplicator` instances; `'repository'`: a `RepositoryModelClass`, `RepositoryReplicator`s). A new strategy adds its class type here; every `switch` over
 * `strategy` then fails to compile until it handles it.
 */
export type ReplicatorClass = BlobReplicatorClass | RepositoryReplicatorClass;

/**
 * What `sync()` did, for any strategy. `Attempt` is the strategy's own report of one transfer
 * attempt (a blob's `BlobDownloadResult`); the registry already reflects it.
 */
export type SyncOutcome<Attempt = unknown> =
  | { readonly kind: 'attempted'; readonly attempt: Attempt }
  /** The record is not one this secondary should hold (selective sync): nothing was done. */
  | { readonly kind: 'excluded' }
  /** This site has no fetcher for the strategy: the registry stays pending for a process that has one. */
  | { readonly kind: 'deferred' };
