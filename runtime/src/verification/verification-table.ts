import { sql, type Kysely, type Updateable } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import { nextRetryTime } from '../states/backoff.ts';
import { failureMessage } from '../states/failure-message.ts';
import { assertTransition, stateName } from '../states/state-machine.ts';
import {
  VERIFICATION_STATES,
  VERIFICATION_TRANSITIONS,
  type VerificationEvent,
  type VerificationStateName,
} from '../states/verification-state.ts';
import { checksumToBytes } from './checksum.ts';
import {
  claimBatch,
  claimOne,
  recordSucceeded,
  resetOrphanedAttempts,
  takeFailedBatch,
  takePendingBatch,
  VERIFICATION_LEASE_TTL_MS,
  type ClaimedBatch,
  type ComputedChecksum,
} from './verification-batches.ts';
import { VERIFICATION_TIMEOUT_SECONDS } from './verification-columns.ts';
import type {
  VerificationDb,
  VerificationFailure,
  VerificationRow,
  VerificationScope,
  VerificationTableSpec,
} from './verification-row.ts';
import {
  countsByState,
  needsVerificationCount,
  reverifyBatch,
  timedOutKeys,
} from './verification-sweeps.ts';

/** The state of one row, read before a transition. */
export interface VerificationSnapshot {
  readonly key: number;
  readonly state: VerificationStateName;
  readonly startedAt: Date | null;
  readonly retryCount: number;
  readonly checksum: Uint8Array | null;
  /** A registry's own id (see `registryIdColumn`). */
  readonly registryId?: number;
}

export type TransitionResult =
  | { readonly kind: 'done'; readonly to: VerificationStateName }
  /** The row changed under us (another worker, or a mark-for-reverify); nothing was written. */
  | { readonly kind: 'superseded' };

/**
 * Verification state transitions and batches on one table. Every write is conditional on the
 * state it was read in, so two workers never both move the same row. The transitions of one row
 * are here; batches are in `verification-batches.ts`, whole-table passes in
 * `verification-sweeps.ts`.
 */
export class VerificationTable {
  readonly #scope: VerificationScope;

  constructor(
    db: Kysely<MainDatabase> | Kysely<TrackingDatabase>,
    readonly spec: VerificationTableSpec,
  ) {
    // Tables are named at run time; the columns they share are typed by VerificationRow.
    this.#scope = { db: db as unknown as Kysely<VerificationDb>, leaseDb: db, spec };
  }

  /** The same table through another executor (a transaction that also writes events). */
  withDb(db: Kysely<MainDatabase> | Kysely<TrackingDatabase>): VerificationTable {
    return new VerificationTable(db, this.spec);
  }

  // ---- one row --------------------------------------------------------------------------------

  async snapshot(key: number): Promise<VerificationSnapshot | undefined> {
    const row = await this.#scope.db
      .selectFrom(this.spec.table)
      .select([
        'verification_state',
        'verification_started_at',
        'verification_retry_count',
        'verification_checksum',
        (this.spec.registryIdColumn
          ? sql<number | string | null>`${sql.ref(this.spec.registryIdColumn)}`
          : sql<number | string | null>`NULL`
        ).as('registry_id'),
      ])
      .where(sql.ref(this.spec.key), '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      key,
      state: stateName(VERIFICATION_STATES, row.verification_state, `${this.spec.label} ${key}`),
      startedAt: row.verification_started_at,
      retryCount: row.verification_retry_count,
      checksum: row.verification_checksum,
      ...(row.registry_id !== null && { registryId: Number(row.registry_id) }),
    };
  }

  async start(key: number): Promise<TransitionResult> {
    // A JS date (millisecond precision), so the value read back compares equal when the attempt ends.
    return this.transition(key, 'start', 'started', () => ({
      verification_started_at: new Date(),
    }));
  }

  async succeeded(
    key: number,
    checksumHex: string,
    startedAt: Date | null,
  ): Promise<TransitionResult> {
    if (!checksumHex)
      throw new Error(`${this.spec.label} ${key}: verification succeeded needs a checksum.`);
    return this.transition(
      key,
      'succeeded',
      'succeeded',
      () => ({
        verification_checksum: checksumToBytes(checksumHex),
        verified_at: new Date(),
        verification_retry_count: 0,
        verification_retry_at: null,
        ...this.clearedFailure(),
      }),
      // Re-marked pending (or restarted) while the checksum was being computed: keep that mark.
      startedAt,
    );
  }

  /**
   * any → failed, with the message and a backed-off retry. Pass `startedAt` when ending a checksum
   * attempt: if the row was re-marked meanwhile, that mark stands and nothing is written.
   */
  async failed(
    key: number,
    message: string,
    error?: unknown,
    extra: Partial<Updateable<VerificationRow>> = {},
    startedAt?: Date | null,
  ): Promise<TransitionResult> {
    if (!message)
      throw new Error(`${this.spec.label} ${key}: verification failed needs a failure message.`);
    return this.transition(
      key,
      'failed',
      'failed',
      (from) => {
        const failure: VerificationFailure = {
          message: failureMessage(message, error),
          retryCount: from.retryCount + 1,
          retryAt: nextRetryTime(from.retryCount + 1),
        };
        return {
          verification_failure: failure.message,
          verification_checksum: null,
          verification_retry_count: failure.retryCount,
          verification_retry_at: failure.retryAt,
          verified_at: new Date(),
          ...extra,
          ...this.spec.onFailed?.(failure),
        };
      },
      startedAt,
    );
  }

  async pending(key: number): Promise<TransitionResult> {
    return this.transition(key, 'pending', 'pending', (from) =>
      // After a failure the retry count is kept, so the backoff keeps growing.
      from.state === 'failed' || from.state === 'disabled'
        ? this.clearedFailure()
        : { verification_retry_count: 0, verification_retry_at: null, ...this.clearedFailure() },
    );
  }

  /** any → disabled; with `startedAt`, only if the row is still in that attempt. */
  async disabled(key: number, startedAt?: Date | null): Promise<TransitionResult> {
    return this.transition(key, 'disabled', 'disabled', () => ({}), startedAt);
  }

  private clearedFailure(): Partial<Updateable<VerificationRow>> {
    return this.spec.hasMismatchColumns
      ? {
          verification_failure: null,
          checksum_mismatch: false,
          verification_checksum_mismatched: null,
        }
      : { verification_failure: null };
  }

  private async transition(
    key: number,
    event: VerificationEvent,
    to: VerificationStateName,
    changes: (from: VerificationSnapshot) => Partial<Updateable<VerificationRow>>,
    expectedStartedAt?: Date | null,
  ): Promise<TransitionResult> {
    const from = await this.snapshot(key);
    if (!from) throw new Error(`${this.spec.label} ${key} does not exist.`);
    // Finishing an attempt whose row was re-marked meanwhile: the newer mark stands.
    if (expectedStartedAt != null && from.state !== 'started') {
      return { kind: 'superseded' };
    }
    assertTransition(VERIFICATION_TRANSITIONS, `${this.spec.label} ${key}`, from.state, event);
    if (from.state === to && to === 'pending') return { kind: 'done', to };
    let query = this.#scope.db
      .updateTable(this.spec.table)
      .set({ ...changes(from), verification_state: VERIFICATION_STATES[to] })
      .where(sql.ref(this.spec.key), '=', key)
      .where('verification_state', '=', VERIFICATION_STATES[from.state]);
    if (expectedStartedAt !== undefined) {
      query =
        expectedStartedAt === null
          ? query.where('verification_started_at', 'is', null)
          : query.where('verification_started_at', '=', expectedStartedAt);
    }
    const result = await query.executeTakeFirst();
    const done = result.numUpdatedRows > 0n;
    this.logTransition(from.registryId, key, from.state, to, done);
    return done ? { kind: 'done', to } : { kind: 'superseded' };
  }

  /**
   * Logs a transition as `Geo::VerificationState` does: `Verification state transition` with
   * `registry_id` (a registry's), `model_record_id`, `from`, `to` and `result` (false: the row
   * changed first); debug, info for `disabled`, a warning for `failed` or a lost race.
   */
  private logTransition(
    registryId: number | undefined,
    key: number,
    from: VerificationStateName,
    to: VerificationStateName,
    result: boolean,
  ): void {
    const logger = this.spec.logger;
    if (!logger) return;
    const fields = {
      verification_class: this.spec.label,
      ...(registryId !== undefined && { registry_id: registryId }),
      model_record_id: key,
      from,
      to,
      result,
    };
    if (to === 'failed' || !result) logger.warn(fields, 'Verification state transition');
    else if (to === 'disabled') logger.info(fields, 'Verification state transition');
    else logger.debug(fields, 'Verification state transition');
  }

  // ---- batches (`verification-batches.ts`) ------------------------------------------------------

  /**
   * started → succeeded for every row of a batch whose checksum was computed, in one UPDATE that
   * only matches rows still started at `startedAt`. Returns the keys it moved.
   */
  async recordSucceeded(
    checksums: readonly ComputedChecksum[],
    startedAt: Date,
  ): Promise<number[]> {
    const moved = await recordSucceeded(this.#scope, checksums, startedAt);
    for (const row of moved)
      this.logTransition(row.registryId, row.key, 'started', 'succeeded', true);
    return moved.map((row) => row.key);
  }

  /** Takes up to `limit` pending rows and marks them started; returns their keys. */
  async verificationPendingBatch(limit: number, startedAt?: Date): Promise<number[]> {
    return takePendingBatch(this.#scope, limit, startedAt);
  }

  /** Like the pending batch, for failed rows whose retry time has come. */
  async verificationFailedBatch(limit: number, startedAt?: Date): Promise<number[]> {
    return takeFailedBatch(this.#scope, limit, startedAt);
  }

  /** Takes up to `limit` rows to verify, pending first, then failed and due, under a batch lease. */
  async claimBatch(limit: number): Promise<ClaimedBatch> {
    return claimBatch(this.#scope, limit);
  }

  /** One row (an explicit `verify()`) as a batch of one; undefined when it does not exist. */
  async claimOne(key: number): Promise<ClaimedBatch | undefined> {
    return claimOne(this.#scope, key);
  }

  /** started → pending for rows whose batch lease has lapsed; returns their keys. */
  async resetOrphanedAttempts(leaseTtlMs = VERIFICATION_LEASE_TTL_MS): Promise<number[]> {
    return resetOrphanedAttempts(this.#scope, leaseTtlMs);
  }

  // ---- whole table (`verification-sweeps.ts`) ---------------------------------------------------

  /** Pending, or failed and due: what verification workers still have to do. */
  async needsVerificationCount(limit?: number): Promise<number> {
    return needsVerificationCount(this.#scope, limit);
  }

  /** Marks up to `limit` rows verified more than `intervalDays` ago pending again; returns how many. */
  async reverifyBatch(intervalDays: number, limit: number): Promise<number> {
    return reverifyBatch(this.#scope, intervalDays, limit);
  }

  /** Fails every verification `started` longer than the timeout; returns their keys. */
  async failVerificationTimeouts(timeoutSeconds = VERIFICATION_TIMEOUT_SECONDS): Promise<number[]> {
    const failed: number[] = [];
    for (const key of await timedOutKeys(this.#scope, timeoutSeconds)) {
      const result = await this.failed(key, `Verification timed out after ${timeoutSeconds}`);
      if (result.kind === 'done') failed.push(key);
    }
    return failed;
  }

  /** Counts rows per verification state (among verifiable rows). */
  async countsByState(): Promise<Record<VerificationStateName, number>> {
    return countsByState(this.#scope);
  }
}
