import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';

/** One replicable's figures on the primary (`004` Step 2): what exists and what is checksummed. */
export interface PrimaryReplicableStatus {
  readonly role: 'primary';
  readonly count: number;
  readonly checksumTotalCount: number;
  readonly checksummedCount: number;
  readonly checksumFailedCount: number;
}

/** One replicable's figures on a secondary: what it tracks, holds and has verified. */
export interface SecondaryReplicableStatus {
  readonly role: 'secondary';
  readonly count: number;
  readonly syncedCount: number;
  readonly failedCount: number;
  readonly registryCount: number;
  readonly verificationTotalCount: number;
  readonly verifiedCount: number;
  readonly verificationFailedCount: number;
  readonly syncedInPercentage: number;
  readonly verifiedInPercentage: number;
}

export type ReplicableStatus = PrimaryReplicableStatus | SecondaryReplicableStatus;

/** `part` of `whole` in percent, two decimals; 0 when there is nothing. */
export function percentage(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

export async function replicableStatus(
  site: GeoSite,
  replicator: ReplicatorClass,
): Promise<ReplicableStatus> {
  if (site.isSecondary()) {
    const counts = await replicator.registryClass.counts(site);
    return {
      role: 'secondary',
      count: counts.registryCount,
      ...counts,
      syncedInPercentage: percentage(counts.syncedCount, counts.registryCount),
      verifiedInPercentage: percentage(counts.verifiedCount, counts.registryCount),
    };
  }
  const states = await replicator.verificationTable(site).countsByState();
  const total = Object.values(states).reduce((sum, count) => sum + count, 0);
  return {
    role: 'primary',
    count: total,
    checksumTotalCount: total,
    checksummedCount: states.succeeded,
    checksumFailedCount: states.failed,
  };
}
