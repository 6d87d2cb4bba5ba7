import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { REVERIFICATION_BATCH_SIZE } from '../verification/verification-columns.ts';

export interface VerificationPass {
  readonly replicableName: string;
  readonly verified: number;
  readonly markedForReverification: number;
}

/**
 * One verification pass for one replicator (`Geo::VerificationBatchWorker` and, on the primary,
 * `Geo::ReverificationBatchWorker`): batches of ten until nothing is due or `maxBatches` ran.
 * The primary also marks records verified longer ago than `minimum_reverification_interval`
 * as pending, so data at rest is checked again.
 */
export async function verifyReplicator(
  site: GeoSite,
  replicator: ReplicatorClass,
  maxBatches = 10,
): Promise<VerificationPass> {
  let markedForReverification = 0;
  if (site.isPrimary() && (await replicator.verificationEnabled(site))) {
    markedForReverification = await replicator
      .verificationTable(site)
      .reverifyBatch(site.node.minimumReverificationInterval, REVERIFICATION_BATCH_SIZE);
  }
  let verified = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await replicator.verifyBatch(site);
    verified += count;
    if (count === 0) break;
  }
  return { replicableName: replicator.replicableName, verified, markedForReverification };
}
