import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';

export const CONSISTENCY_BATCH_SIZE = 10_000;

export interface ConsistencyResult {
  readonly replicableName: string;
  readonly created: number;
  readonly deleted: number;
}

/**
 * Makes a secondary's registries match what it should hold (`Geo::RegistryConsistencyService`):
 * in ranges of up to `batchSize` model ids, creates missing registries (pending) and deletes those
 * whose record is gone or no longer selected, with the local copy of a still-existing record.
 */
export async function reconcileRegistries(
  site: GeoSite,
  replicator: ReplicatorClass,
  batchSize = CONSISTENCY_BATCH_SIZE,
): Promise<ConsistencyResult> {
  const registry = replicator.registryClass;
  const result = { replicableName: replicator.replicableName, created: 0, deleted: 0 };
  if (!(await replicator.replicationEnabled(site))) return result;
  const maxModelId = await replicator.model.maxId(site);
  const maxTrackedId = Math.max(
    0,
    ...(await registry.pluckModelIdsInRange(site, {
      from: maxModelId + 1,
      to: Number.MAX_SAFE_INTEGER,
    })),
  );
  const end = Math.max(maxModelId, maxTrackedId);
  for (let from = 1; from <= end; from += batchSize) {
    const range = { from, to: Math.min(end, from + batchSize - 1) };
    const { untracked, unused } = await registry.findRegistryDifferences(site, range);
    result.created += (await registry.insertForModelIds(site, untracked)).length;
    for (const id of unused) await removeLocalCopy(site, replicator, id);
    result.deleted += await registry.deleteForModelIds(site, unused);
  }
  return result;
}

/** Deletes this site's copy of a record that still exists on the primary but is no longer wanted here. */
async function removeLocalCopy(
  site: GeoSite,
  replicator: ReplicatorClass,
  id: number,
): Promise<void> {
  const record = await replicator.model.findById(site, id);
  if (!record) return; // Gone on the primary: its `deleted` event removes the copy.
  await record.replicator.deleteLocalCopy();
}

/** Runs the consistency pass for every replication-enabled replicator; true if anything changed. */
export async function reconcileAllRegistries(
  site: GeoSite,
  replicators: readonly ReplicatorClass[],
  batchSize = CONSISTENCY_BATCH_SIZE,
): Promise<ConsistencyResult[]> {
  const results: ConsistencyResult[] = [];
  for (const replicator of replicators)
    results.push(await reconcileRegistries(site, replicator, batchSize));
  return results;
}
