import type { Updateable } from 'kysely';
import type { RegistryTable } from '../db/tracking-database.ts';
import {
  DEFAULT_MAX_RETRY_WAIT_SECONDS,
  MISSING_ON_PRIMARY_MAX_RETRY_WAIT_SECONDS,
  nextRetryTime,
} from '../states/backoff.ts';
import { failureMessage } from '../states/failure-message.ts';
import {
  REPLICATION_STATES,
  REPLICATION_TRANSITIONS,
  type ReplicationEvent,
  type ReplicationStateName,
} from '../states/replication-state.ts';
import { assertTransition, InvalidTransitionError } from '../states/state-machine.ts';
import { VERIFICATION_STATES } from '../states/verification-state.ts';
import type { Registry } from './registry.ts';
import { registryDb, requireRegistryTable, type RegistryRow } from './registry-table.ts';

// The replication state machine of one registry (`ReplicableRegistry`'s transitions and their
// guards). Every transition is one UPDATE conditional on the state it was read in, so concurrent
// workers cannot both win. `Registry`'s instance methods are the entry points.

export type SyncedResult =
  | { readonly kind: 'synced' }
  /** Someone marked the registry for resync while the download ran: it stays as they left it. */
  | { readonly kind: 'reset-mid-sync'; readonly state: ReplicationStateName };

export interface FailedOptions {
  readonly message: string;
  readonly error?: unknown;
  /** The primary has no file for this record: back off for hours, not minutes. */
  readonly missingOnPrimary?: boolean;
}

/**
 * pending|synced|failed → started. A copy being replaced has nothing to verify, so verification
 * becomes disabled, unless the registry is brand new (nothing recorded yet to disable).
 */
export async function startSync(registry: Registry): Promise<void> {
  await transition(registry, 'start', 'started', (row) => ({
    last_synced_at: new Date(),
    ...(isBrandNewPending(row) ? {} : { verification_state: VERIFICATION_STATES.disabled }),
  }));
}

/**
 * started → synced, in one UPDATE that only matches a row still `started`: if the registry was
 * marked for resync meanwhile, that mark wins and the result says so. Verification becomes
 * pending when the primary has a checksum to compare with, else disabled.
 */
export async function markSynced(registry: Registry): Promise<SyncedResult> {
  const primaryChecksum = await registry.registryClass.modelClass.primaryChecksum(
    registry.site,
    registry.modelRecordId,
  );
  const table = requireRegistryTable(registry.registryClass);
  const result = await registryDb(registry.site)
    .updateTable(table)
    .set({
      state: REPLICATION_STATES.synced,
      retry_count: 0,
      retry_at: null,
      last_sync_failure: null,
      verification_state: primaryChecksum
        ? VERIFICATION_STATES.pending
        : VERIFICATION_STATES.disabled,
      verification_failure: null,
      verification_checksum: null,
      verification_retry_count: 0,
      verification_retry_at: null,
      checksum_mismatch: false,
      verification_checksum_mismatched: null,
    })
    .where('id', '=', registry.id)
    .where('state', '=', REPLICATION_STATES.started)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    // Reset to pending mid-sync: the download itself worked, so the failure and retry fields of
    // earlier attempts no longer apply; the pending mark stands.
    await registryDb(registry.site)
      .updateTable(table)
      .set({ retry_count: 0, retry_at: null, last_sync_failure: null })
      .where('id', '=', registry.id)
      .where('state', '=', REPLICATION_STATES.pending)
      .execute();
  }
  await registry.reload();
  const synced = result.numUpdatedRows > 0n;
  logTransition(registry, 'started', 'synced', synced);
  return synced ? { kind: 'synced' } : { kind: 'reset-mid-sync', state: registry.state };
}

/** any → failed, with the reason and the time of the next attempt. */
export async function markFailed(registry: Registry, options: FailedOptions): Promise<void> {
  await transition(registry, 'failed', 'failed', (row) => {
    const retryCount = row.retry_count + 1;
    return {
      last_sync_failure: failureMessage(options.message, options.error),
      retry_count: retryCount,
      retry_at: nextRetryTime(retryCount, {
        maxWaitSeconds: options.missingOnPrimary
          ? MISSING_ON_PRIMARY_MAX_RETRY_WAIT_SECONDS
          : DEFAULT_MAX_RETRY_WAIT_SECONDS,
      }),
    };
  });
}

/**
 * → pending, from any state (`pending`) or from synced|failed only (`resync`, an administrator's
 * action): sync again from scratch. Verification waits for the new copy (disabled).
 */
export async function markPending(
  registry: Registry,
  event: Extract<ReplicationEvent, 'pending' | 'resync'>,
): Promise<void> {
  await transition(registry, event, 'pending', () => ({
    retry_count: 0,
    retry_at: null,
    verification_state: VERIFICATION_STATES.disabled,
  }));
}

async function transition(
  registry: Registry,
  event: ReplicationEvent,
  to: ReplicationStateName,
  changes: (current: RegistryRow) => Updateable<RegistryTable>,
): Promise<void> {
  await registry.reload();
  const from = registry.state;
  assertTransition(REPLICATION_TRANSITIONS, registry.label, from, event);
  const result = await registryDb(registry.site)
    .updateTable(requireRegistryTable(registry.registryClass))
    .set({ ...changes(registry.row), state: REPLICATION_STATES[to] })
    .where('id', '=', registry.id)
    .where('state', '=', REPLICATION_STATES[from])
    .executeTakeFirst();
  await registry.reload();
  logTransition(registry, from, to, result.numUpdatedRows > 0n);
  if (result.numUpdatedRows === 0n) {
    // Another worker moved the row between our read and our write.
    const allowed = REPLICATION_TRANSITIONS[event];
    throw new InvalidTransitionError(
      registry.label,
      registry.state,
      event,
      allowed === '*' ? [from] : allowed,
    );
  }
}

/**
 * Logs a transition as `ReplicableRegistry`'s `after_transition` does: message `Sync state
 * transition` with `registry_id`, `model_record_id`, `from`, `to` and `result` (false: another
 * worker moved the row first); a debug line, a warning when the sync failed or lost the race.
 */
function logTransition(
  registry: Registry,
  from: ReplicationStateName,
  to: ReplicationStateName,
  result: boolean,
): void {
  const fields = {
    registry_class: registry.registryClass.name,
    registry_id: registry.id,
    model_record_id: registry.modelRecordId,
    from,
    to,
    result,
  };
  if (to === 'failed' || !result) registry.site.logger.warn(fields, 'Sync state transition');
  else registry.site.logger.debug(fields, 'Sync state transition');
}

/**
 * Never attempted and never verified (`brand_new_pending?`): pending without a sync time (or
 * started), no failure or retry, verification pending with nothing recorded.
 */
export function isBrandNewPending(row: RegistryRow): boolean {
  const neverAttempted =
    (row.state === REPLICATION_STATES.pending && row.last_synced_at === null) ||
    row.state === REPLICATION_STATES.started;
  return (
    neverAttempted &&
    row.retry_at === null &&
    !row.last_sync_failure &&
    row.retry_count === 0 &&
    row.verification_state === VERIFICATION_STATES.pending &&
    row.verification_checksum === null &&
    row.verification_checksum_mismatched === null &&
    !row.verification_failure &&
    row.verification_retry_count === 0 &&
    row.verification_retry_at === null &&
    row.verified_at === null &&
    row.verification_started_at === null &&
    !row.checksum_mismatch
  );
}
