import { sql } from 'kysely';
import type { ReplicatorClass, Strategy } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';

/** A registry to sync: which replicable, which record. */
export interface SyncTarget {
  readonly replicableName: string;
  readonly modelRecordId: number;
}

/** What is already on its way: syncs queued but not started yet count against the capacity. */
export interface SyncBacklog {
  /** Whose registries to schedule (default `blob`): each strategy within a capacity of its own. */
  readonly strategy?: Strategy;
  /** Jobs of this strategy's syncs waiting in the queue. */
  readonly queued?: number;
  /** Targets already queued, not to be chosen again (they count as queued). */
  readonly inFlight?: readonly SyncTarget[];
}

/**
 * How many syncs of a strategy may run at once on a site: blob downloads within
 * `files_max_capacity`, repository syncs within `repos_max_capacity`, each apart from the other,
 * so that neither kind can use up the other's share.
 */
export function syncCapacity(site: GeoSite, strategy: Strategy): number {
  return strategy === 'repository' ? site.node.reposMaxCapacity : site.node.filesMaxCapacity;
}

/**
 * Chooses what to sync next for one strategy (`Geo::RegistrySyncWorker`, and
 * `Geo::RepositoryRegistrySyncWorker` for repositories): never-synced registries first, then
 * failed ones whose retry time has come, interleaved across replicables so one busy type cannot
 * starve the others, and never more than the strategy's capacity (`syncCapacity`) in flight,
 * counting its syncs already started and those already queued.
 */
export async function nextSyncTargets(
  site: GeoSite,
  replicators: readonly ReplicatorClass[],
  backlog: SyncBacklog = {},
): Promise<SyncTarget[]> {
  const strategy = backlog.strategy ?? 'blob';
  const inFlight = backlog.inFlight ?? [];
  const enabled: ReplicatorClass[] = [];
  for (const replicator of replicators) {
    if (replicator.strategy === strategy && (await replicator.replicationEnabled(site)))
      enabled.push(replicator);
  }
  const started = await startedCount(site, enabled);
  // Jobs queued but not started yet count against the capacity too.
  const queued = Math.max(backlog.queued ?? 0, inFlight.length);
  const capacity = syncCapacity(site, strategy) - started - queued;
  if (capacity <= 0 || enabled.length === 0) return [];

  const excluded = (name: string) =>
    inFlight.filter((target) => target.replicableName === name).map((t) => t.modelRecordId);
  const pending = await Promise.all(
    enabled.map(async (replicator) =>
      (
        await replicator.registryClass.pendingModelIds(
          site,
          capacity,
          excluded(replicator.replicableName),
        )
      ).map((modelRecordId) => ({ replicableName: replicator.replicableName, modelRecordId })),
    ),
  );
  let targets = interleave(pending, capacity);
  if (targets.length < capacity) {
    const retries = await Promise.all(
      enabled.map(async (replicator) =>
        (
          await replicator.registryClass.needsSyncAgainModelIds(
            site,
            capacity,
            excluded(replicator.replicableName),
          )
        ).map((modelRecordId) => ({ replicableName: replicator.replicableName, modelRecordId })),
      ),
    );
    targets = [...targets, ...interleave(retries, capacity - targets.length)];
  }
  return targets;
}

/** Round-robin over the lists: one from each in turn, up to `limit`. */
export function interleave<T>(lists: readonly (readonly T[])[], limit: number): T[] {
  const result: T[] = [];
  for (let index = 0; result.length < limit; index++) {
    let took = false;
    for (const list of lists) {
      const item = list[index];
      if (item !== undefined && result.length < limit) {
        result.push(item);
        took = true;
      }
    }
    if (!took) break;
  }
  return result;
}

async function startedCount(
  site: GeoSite,
  replicators: readonly ReplicatorClass[],
): Promise<number> {
  let count = 0;
  for (const replicator of replicators) {
    const row = await replicator.registryClass
      .db(site)
      .selectFrom(replicator.registryClass.tableName)
      .select(sql<number>`count(*)`.as('count'))
      .where('state', '=', REPLICATION_STATES.started)
      .executeTakeFirstOrThrow();
    count += Number(row.count);
  }
  return count;
}
