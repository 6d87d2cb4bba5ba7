import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { VERIFICATION_TIMEOUT_SECONDS } from '../verification/verification-columns.ts';

/** Eight hours: a blob download still `started` after this was lost with its worker. */
export const SYNC_TIMEOUT_SECONDS = 8 * 60 * 60;

export interface TimeoutSweep {
  readonly syncsFailed: number;
  readonly verificationsFailed: number;
}

/**
 * Fails syncs and verifications stuck in `started` (their worker died), so they are retried with
 * the usual backoff instead of blocking capacity forever.
 */
export async function sweepTimeouts(
  site: GeoSite,
  replicators: readonly ReplicatorClass[],
  limits: { syncSeconds?: number; verificationSeconds?: number } = {},
): Promise<TimeoutSweep> {
  let syncsFailed = 0;
  let verificationsFailed = 0;
  for (const replicator of replicators) {
    if (site.isSecondary()) {
      syncsFailed += await replicator.registryClass.failSyncTimeouts(
        site,
        limits.syncSeconds ?? SYNC_TIMEOUT_SECONDS,
      );
    }
    const failed = await replicator
      .verificationTable(site)
      .failVerificationTimeouts(limits.verificationSeconds ?? VERIFICATION_TIMEOUT_SECONDS);
    verificationsFailed += failed.length;
  }
  return { syncsFailed, verificationsFailed };
}
