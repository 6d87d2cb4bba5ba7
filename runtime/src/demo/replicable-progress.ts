import { modelTable } from '../model/replicable-model.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { ReplicableProgress } from './progress.ts';

/** Where one data type stands: the primary's records against the secondary's registries. */
export async function progressOf(
  primary: GeoSite,
  secondary: GeoSite,
  replicator: ReplicatorClass,
): Promise<ReplicableProgress> {
  const counts = await replicator.registryClass.counts(secondary);
  const expected = Number(
    (
      await modelTable(primary)
        .selectFrom(replicator.model.tableName)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
    ).count,
  );
  const mismatches = Number(
    (
      await replicator.registryClass
        .db(secondary)
        .selectFrom(replicator.registryClass.tableName)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('checksum_mismatch', '=', true)
        .executeTakeFirstOrThrow()
    ).count,
  );
  return {
    replicableName: replicator.replicableName,
    title: replicator.replicableTitlePlural,
    expected,
    registries: counts.registryCount,
    synced: counts.syncedCount,
    verified: counts.verifiedCount,
    failed: counts.failedCount,
    mismatches,
  };
}

/** Every record on the primary is tracked, synced and verified on the secondary, none mismatched. */
export function converged(list: readonly ReplicableProgress[]): boolean {
  return list.every(
    (p) =>
      p.registries === p.expected &&
      p.synced === p.expected &&
      p.verified === p.expected &&
      p.mismatches === 0,
  );
}
