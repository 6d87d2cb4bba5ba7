import type { ReplicatorClass } from '../replicator/replicator.ts';
import { renewWhileRunning } from '../leases/lease-renewal.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { failureMessage } from '../states/failure-message.ts';
import { secondsSince, type VerificationAttemptOutcome } from '../status/activity-metrics.ts';
import { checksumToBytes } from './checksum.ts';
import type { ClaimedBatch, ComputedChecksum } from './verification-batches.ts';
import type { VerificationTable } from './verification-table.ts';

/** What one checksum attempt came to, for the caller (a worker's count, a test). */
export type ChecksumAttemptResult =
  | { readonly kind: 'succeeded'; readonly checksum: string }
  | { readonly kind: 'mismatch'; readonly checksum: string; readonly primaryChecksum: string }
  | { readonly kind: 'failed'; readonly message: string }
  /** The primary has no checksum yet; verification waits until it has. */
  | { readonly kind: 'disabled' }
  /** The row was re-marked while the checksum ran; the mark stands. */
  | { readonly kind: 'superseded' };

/** How each result is counted in `geo_verification_attempts_total`. */
const ATTEMPT_OUTCOMES: Readonly<
  Record<ChecksumAttemptResult['kind'], VerificationAttemptOutcome>
> = {
  succeeded: 'success',
  failed: 'failure',
  mismatch: 'mismatch',
  disabled: 'waiting_for_primary',
  superseded: 'superseded',
};

/** The failure recorded when a copy's checksum cannot be computed at all. */
export const CHECKSUM_ERROR = 'Error during verification';

type Checksummed =
  | { readonly kind: 'computed'; readonly key: number; readonly checksum: string }
  | { readonly kind: 'error'; readonly key: number; readonly error: unknown };

/**
 * Verifies the rows of a claimed batch (`track_checksum_attempt!` for many records at once):
 * checksums them concurrently, then records the results with as few statements as the state
 * machine allows. On the primary, checksums are stored and, with `publish` (a primary with
 * secondaries and replication on), each success publishes `checksum_succeeded` in the same
 * transaction; on a secondary, each copy is compared with the
 * primary's checksum, and a mismatch or a copy that cannot be read fails verification, which
 * fails the sync too (see `Registry.verificationTable`). The batch's lease is renewed meanwhile
 * and released at the end. Results are in the order of `batch.keys`.
 */
export async function verifyClaimedBatch(
  site: GeoSite,
  replicator: ReplicatorClass,
  batch: ClaimedBatch,
  options: { readonly publish: boolean },
): Promise<ChecksumAttemptResult[]> {
  const renewal = renewWhileRunning(batch.lease);
  try {
    const results = site.isSecondary()
      ? await verifyCopies(site, replicator, batch)
      : await verifyOnPrimary(site, replicator, batch, options.publish);
    for (const result of results)
      site.activity.verificationAttempted(replicator.replicableName, ATTEMPT_OUTCOMES[result.kind]);
    return results;
  } finally {
    renewal.stop();
    await batch.lease.release();
  }
}

async function verifyOnPrimary(
  site: GeoSite,
  replicator: ReplicatorClass,
  batch: ClaimedBatch,
  publish: boolean,
): Promise<ChecksumAttemptResult[]> {
  const table = replicator.verificationTable(site);
  const results = await checksumAll(site, replicator, batch.keys);
  const computed = results.filter((entry) => entry.kind === 'computed');
  const recorded = new Set(
    await site.mainDb.transaction().execute(async (trx) => {
      const succeeded = await table.withDb(trx).recordSucceeded(computed, batch.startedAt);
      if (publish) await replicator.publishChecksumsSucceeded(succeeded, trx);
      return succeeded;
    }),
  );
  const outcomes = new Map<number, ChecksumAttemptResult>();
  noteSucceeded(outcomes, computed, recorded);
  for (const entry of results) {
    if (entry.kind === 'error')
      outcomes.set(entry.key, await recordError(table, entry.key, entry.error, batch.startedAt));
  }
  return batch.keys.map((key) => outcomes.get(key) ?? { kind: 'superseded' });
}

async function verifyCopies(
  site: GeoSite,
  replicator: ReplicatorClass,
  batch: ClaimedBatch,
): Promise<ChecksumAttemptResult[]> {
  const table = replicator.verificationTable(site);
  const primary = await replicator.model.primaryChecksums(site, batch.keys);
  const outcomes = new Map<number, ChecksumAttemptResult>();

  // Nothing to compare with yet: wait (disabled) until the primary has checksummed the record.
  const ready = batch.keys.filter((key) => primary.has(key));
  for (const key of batch.keys.filter((key) => !primary.has(key))) {
    const outcome = await table.disabled(key, batch.startedAt);
    outcomes.set(key, outcome.kind === 'done' ? { kind: 'disabled' } : { kind: 'superseded' });
  }

  const results = await checksumAll(site, replicator, ready);
  const matching: ComputedChecksum[] = [];
  for (const entry of results) {
    if (entry.kind === 'error') {
      outcomes.set(entry.key, await recordError(table, entry.key, entry.error, batch.startedAt));
    } else if (entry.checksum === primary.get(entry.key)) {
      matching.push(entry);
    } else {
      const primaryChecksum = primary.get(entry.key) ?? '';
      outcomes.set(
        entry.key,
        await recordMismatch(table, entry.key, entry.checksum, primaryChecksum, batch.startedAt),
      );
    }
  }
  noteSucceeded(
    outcomes,
    matching,
    new Set(await table.recordSucceeded(matching, batch.startedAt)),
  );
  return batch.keys.map((key) => outcomes.get(key) ?? { kind: 'superseded' });
}

/** Succeeded where the batch UPDATE moved the row; superseded where the row was re-marked. */
function noteSucceeded(
  outcomes: Map<number, ChecksumAttemptResult>,
  checksums: readonly ComputedChecksum[],
  recorded: ReadonlySet<number>,
): void {
  for (const { key, checksum } of checksums) {
    outcomes.set(key, recorded.has(key) ? { kind: 'succeeded', checksum } : { kind: 'superseded' });
  }
}

/** Every record's checksum on this site, computed concurrently; an error is a result too. */
async function checksumAll(
  site: GeoSite,
  replicator: ReplicatorClass,
  keys: readonly number[],
): Promise<Checksummed[]> {
  // One query for the batch's records, rather than one per checksum.
  const records = new Map(
    (await replicator.model.findByIds(site, keys)).map((record) => [record.id, record]),
  );
  const settled = await Promise.allSettled(
    keys.map(async (key) => {
      const record = records.get(key);
      const target = record ? { modelRecord: record as never } : { modelRecordId: key };
      const start = performance.now();
      try {
        return await new replicator(site, target).calculateChecksum();
      } finally {
        site.activity.checksumComputed(replicator.replicableName, secondsSince(start));
      }
    }),
  );
  return settled.map((result, index) => {
    const key = keys[index] as number;
    return result.status === 'fulfilled'
      ? { kind: 'computed', key, checksum: result.value }
      : { kind: 'error', key, error: result.reason };
  });
}

async function recordError(
  table: VerificationTable,
  key: number,
  error: unknown,
  startedAt: Date,
): Promise<ChecksumAttemptResult> {
  const outcome = await table.failed(key, CHECKSUM_ERROR, error, {}, startedAt);
  return outcome.kind === 'done'
    ? { kind: 'failed', message: failureMessage(CHECKSUM_ERROR, error) }
    : { kind: 'superseded' };
}

async function recordMismatch(
  table: VerificationTable,
  key: number,
  checksum: string,
  primaryChecksum: string,
  startedAt: Date,
): Promise<ChecksumAttemptResult> {
  const message = `Checksum does not match the primary checksum (checksum: ${checksum}, primary: ${primaryChecksum})`;
  const outcome = await table.failed(
    key,
    message,
    undefined,
    {
      verification_checksum: checksumToBytes(checksum),
      verification_checksum_mismatched: checksumToBytes(primaryChecksum),
      checksum_mismatch: true,
    },
    startedAt,
  );
  return outcome.kind === 'done'
    ? { kind: 'mismatch', checksum, primaryChecksum }
    : { kind: 'superseded' };
}
