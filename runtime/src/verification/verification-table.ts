import { sql, type Kysely, type RawBuilder, type Updateable } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import type { LeaseDatabase } from '../leases/lease-table.ts';
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
  VERIFICATION_TIMEOUT_SECONDS,
  type VerificationStateColumns,
} from './verification-columns.ts';

/** Where verification state lives: a model table, a `_states` table, or a registry. */
export interface VerificationTableSpec {
  readonly table: string;
  /** The column batches return: the model's id (`id`, or the foreign key of a states/registry table). */
  readonly key: string;
  /** Names the owner in errors, e.g. `PackageFile` or `PackageFileRegistry`. */
  readonly label: string;
  /** Extra condition on which rows are verifiable (a registry verifies synced rows only). */
  readonly verifiableWhere?: RawBuilder<boolean>;
  /** Registries also reset their mismatch columns when failures are cleared. */
  readonly hasMismatchColumns?: boolean;
  /**
   * What else a failure writes, in the same UPDATE. A registry fails its sync too, so that a copy
   * that cannot be verified is downloaded again (`before_verification_failed`).
   */
  readonly onFailed?: (failure: VerificationFailure) => Partial<Updateable<VerificationRow>>;
}

/** A verification failure as written: the message stored, and the retry it schedules. */
export interface VerificationFailure {
  readonly message: string;
  readonly retryCount: number;
  readonly retryAt: Date;
}

/** A registry's sync columns, which its verification failures also set. */
interface RegistrySyncColumns {
  state?: number;
  retry_count?: number;
  retry_at?: Date | null;
  last_sync_failure?: string | null;
}

export type VerificationRow = VerificationStateColumns &
  RegistrySyncColumns & {
    checksum_mismatch?: boolean;
    verification_checksum_mismatched?: Uint8Array | null;
  };

type VerificationDb = Record<string, VerificationRow>;

/** A checksum worked out for one row of a claimed batch. */
export interface ComputedChecksum {
  readonly key: number;
  readonly checksum: string;
}

/**
 * Rows taken for verification together: all marked `started` at `startedAt`, under a lease named
 * after that instant, which the taker renews while it checksums and releases when done. A batch
 * whose lease has lapsed belongs to a process that died (see `resetOrphanedAttempts`).
 */
export interface ClaimedBatch {
  readonly keys: readonly number[];
  readonly startedAt: Date;
  readonly lease: ExclusiveLease;
}

/** How long a verification batch's lease lives unless renewed (its holder renews every third). */
export const VERIFICATION_LEASE_TTL_MS = 60_000;

/** The state of one row, read before a transition. */
export interface VerificationSnapshot {
  readonly key: number;
  readonly state: VerificationStateName;
  readonly startedAt: Date | null;
  readonly retryCount: number;
  readonly checksum: Uint8Array | null;
}

export type TransitionResult =
  | { readonly kind: 'done'; readonly to: VerificationStateName }
  /** The row changed under us (another worker, or a mark-for-reverify); nothing was written. */
  | { readonly kind: 'superseded' };

/**
 * Verification state transitions and batches on one table. Every write is conditional on the
 * state it was read in, so two workers never both move the same row.
 */
export class VerificationTable {
  readonly #db: Kysely<VerificationDb>;
  /** The same database: batch leases live beside the table they guard. */
  readonly #leaseDb: Kysely<LeaseDatabase>;

  constructor(
    db: Kysely<MainDatabase> | Kysely<TrackingDatabase>,
    readonly spec: VerificationTableSpec,
  ) {
    // Tables are named at run time; the columns they share are typed by VerificationRow.
    this.#db = db as unknown as Kysely<VerificationDb>;
    this.#leaseDb = db;
  }

  /** The same table through another executor (a transaction that also writes events). */
  withDb(db: Kysely<MainDatabase> | Kysely<TrackingDatabase>): VerificationTable {
    return new VerificationTable(db, this.spec);
  }

  async snapshot(key: number): Promise<VerificationSnapshot | undefined> {
    const row = await this.#db
      .selectFrom(this.spec.table)
      .select([
        'verification_state',
        'verification_started_at',
        'verification_retry_count',
        'verification_checksum',
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

  /**
   * started → succeeded for every row of a batch whose checksum was computed, in one UPDATE that
   * only matches rows still started at `startedAt` (a row re-marked meanwhile keeps its mark).
   * Returns the keys it moved.
   */
  async recordSucceeded(
    checksums: readonly ComputedChecksum[],
    startedAt: Date,
  ): Promise<number[]> {
    if (checksums.length === 0) return [];
    const table = sql.table(this.spec.table);
    const key = sql.ref(this.spec.key);
    const values = sql.join(
      checksums.map(
        (entry) => sql`(${entry.key}::bigint, ${checksumToBytes(entry.checksum)}::bytea)`,
      ),
    );
    const mismatchCleared = this.spec.hasMismatchColumns
      ? sql`, checksum_mismatch = false, verification_checksum_mismatched = NULL`
      : sql``;
    const result = await sql<{ key: number }>`
      UPDATE ${table} AS t SET
        verification_state = ${VERIFICATION_STATES.succeeded},
        verification_checksum = v.checksum,
        verified_at = ${new Date()},
        verification_retry_count = 0,
        verification_retry_at = NULL,
        verification_failure = NULL${mismatchCleared}
      FROM (VALUES ${values}) AS v (key, checksum)
      WHERE t.${key} = v.key
        AND t.verification_state = ${VERIFICATION_STATES.started}
        AND t.verification_started_at = ${startedAt}
      RETURNING t.${key} AS key`.execute(this.#db);
    return result.rows.map((row) => Number(row.key));
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
    let query = this.#db
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
    return result.numUpdatedRows > 0n ? { kind: 'done', to } : { kind: 'superseded' };
  }

  /**
   * Takes up to `limit` pending rows and marks them started in one statement, so two workers never
   * take the same row (`FOR UPDATE SKIP LOCKED`). Returns their keys.
   */
  async verificationPendingBatch(limit: number, startedAt?: Date): Promise<number[]> {
    return this.takeBatch(
      limit,
      sql`verification_state = ${VERIFICATION_STATES.pending}`,
      sql`verified_at`,
      startedAt,
    );
  }

  /** Like the pending batch, for failed rows whose retry time has come. */
  async verificationFailedBatch(limit: number, startedAt?: Date): Promise<number[]> {
    return this.takeBatch(
      limit,
      sql`verification_state = ${VERIFICATION_STATES.failed} AND (verification_retry_at IS NULL OR verification_retry_at < now())`,
      sql`verification_retry_at`,
      startedAt,
    );
  }

  /**
   * Takes up to `limit` rows to verify, pending ones first, then failed ones whose retry time has
   * come, under a new batch lease (see `ClaimedBatch`). An empty batch holds no lease.
   */
  async claimBatch(limit: number): Promise<ClaimedBatch> {
    const { startedAt, lease } = await this.obtainBatchLease();
    const keys = await this.verificationPendingBatch(limit, startedAt);
    if (keys.length < limit)
      keys.push(...(await this.verificationFailedBatch(limit - keys.length, startedAt)));
    if (keys.length === 0) await lease.release();
    return { keys, startedAt, lease };
  }

  /**
   * One row (an explicit `verify()`): started at a new instant under its own batch lease, as a
   * batch of one. Undefined when the row does not exist.
   */
  async claimOne(key: number): Promise<ClaimedBatch | undefined> {
    const { startedAt, lease } = await this.obtainBatchLease();
    const result = await this.#db
      .updateTable(this.spec.table)
      .set({
        verification_state: VERIFICATION_STATES.started,
        verification_started_at: startedAt,
      })
      .where(sql.ref(this.spec.key), '=', key)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) {
      await lease.release();
      return undefined;
    }
    return { keys: [key], startedAt, lease };
  }

  /** The lease of a new batch; its instant is unique, since the lease is named after it. */
  private async obtainBatchLease(): Promise<{ startedAt: Date; lease: ExclusiveLease }> {
    // Millisecond instants, so the value read back compares equal; two takers in the same
    // millisecond get different ones because only one can hold a lease name.
    let instant = Date.now();
    for (;;) {
      const startedAt = new Date(instant);
      const lease = new ExclusiveLease(
        this.#leaseDb,
        this.batchLeaseKey(startedAt),
        VERIFICATION_LEASE_TTL_MS,
      );
      if (await lease.tryObtain()) return { startedAt, lease };
      instant++;
    }
  }

  private batchLeaseKey(startedAt: Date): string {
    return `geo/verification:${this.spec.table}:${startedAt.getTime()}`;
  }

  /**
   * started → pending for rows whose batch lease has lapsed: the process checksumming them died.
   * Only rows started longer than a lease TTL ago count (a batch takes its lease before its rows).
   * Returns their keys; they are verified again by the next batch.
   */
  async resetOrphanedAttempts(leaseTtlMs = VERIFICATION_LEASE_TTL_MS): Promise<number[]> {
    const rows = await this.#db
      .selectFrom(this.spec.table)
      .select([sql<number>`${sql.ref(this.spec.key)}`.as('key'), 'verification_started_at'])
      .where('verification_state', '=', VERIFICATION_STATES.started)
      .where('verification_started_at', '<', new Date(Date.now() - leaseTtlMs))
      .limit(1000)
      .execute();
    const instants = [
      ...new Set(rows.flatMap((row) => row.verification_started_at?.getTime() ?? [])),
    ];
    if (rows.length === 0) return [];
    const live = new Set(
      instants.length === 0
        ? []
        : (
            await this.#leaseDb
              .selectFrom('exclusive_leases')
              .select('key')
              .where(
                'key',
                'in',
                instants.map((instant) => this.batchLeaseKey(new Date(instant))),
              )
              .where('expires_at', '>', sql<Date>`now()`)
              .execute()
          ).map((row) => row.key),
    );
    const orphans = rows.filter(
      (row) =>
        row.verification_started_at === null ||
        !live.has(this.batchLeaseKey(row.verification_started_at)),
    );
    const reset: number[] = [];
    for (const row of orphans) {
      let query = this.#db
        .updateTable(this.spec.table)
        .set({ verification_state: VERIFICATION_STATES.pending })
        .where(sql.ref(this.spec.key), '=', Number(row.key))
        .where('verification_state', '=', VERIFICATION_STATES.started);
      query =
        row.verification_started_at === null
          ? query.where('verification_started_at', 'is', null)
          : query.where('verification_started_at', '=', row.verification_started_at);
      const result = await query.executeTakeFirst();
      if (result.numUpdatedRows > 0n) reset.push(Number(row.key));
    }
    return reset;
  }

  private async takeBatch(
    limit: number,
    condition: RawBuilder<unknown>,
    order: RawBuilder<unknown>,
    startedAt: Date = new Date(),
  ): Promise<number[]> {
    if (limit <= 0) return [];
    const table = sql.table(this.spec.table);
    const key = sql.ref(this.spec.key);
    const result = await sql<{ key: number }>`
      UPDATE ${table} SET verification_state = ${VERIFICATION_STATES.started}, verification_started_at = ${startedAt}
      WHERE ${key} IN (
        SELECT ${key} FROM ${table}
        WHERE ${condition} AND ${this.verifiable()}
        ORDER BY ${order} ASC NULLS FIRST
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING ${key} AS key`.execute(this.#db);
    return result.rows.map((row) => Number(row.key));
  }

  private verifiable(): RawBuilder<boolean> {
    return this.spec.verifiableWhere ?? sql<boolean>`TRUE`;
  }

  /** Pending, or failed and due: what verification workers still have to do. */
  async needsVerificationCount(limit?: number): Promise<number> {
    const rows = this.#db
      .selectFrom(this.spec.table)
      .select(sql.ref(this.spec.key).as('key'))
      .where(this.verifiable())
      .where((eb) =>
        eb.or([
          eb('verification_state', '=', VERIFICATION_STATES.pending),
          eb.and([
            eb('verification_state', '=', VERIFICATION_STATES.failed),
            eb.or([
              eb('verification_retry_at', 'is', null),
              eb('verification_retry_at', '<', new Date()),
            ]),
          ]),
        ]),
      );
    const limited = limit === undefined ? rows : rows.limit(limit);
    const result = await this.#db
      .selectFrom(limited.as('needs'))
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(result.count);
  }

  /**
   * Marks up to `limit` rows that succeeded more than `intervalDays` ago as pending again, so the
   * primary re-checksums data at rest. Returns how many it marked.
   */
  async reverifyBatch(intervalDays: number, limit: number): Promise<number> {
    const table = sql.table(this.spec.table);
    const key = sql.ref(this.spec.key);
    const result = await sql`
      UPDATE ${table} SET verification_state = ${VERIFICATION_STATES.pending}
      WHERE ${key} IN (
        SELECT ${key} FROM ${table}
        WHERE verification_state = ${VERIFICATION_STATES.succeeded}
          AND verified_at < now() - make_interval(days => ${intervalDays})
          AND ${this.verifiable()}
        ORDER BY verified_at ASC
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )`.execute(this.#db);
    return Number(result.numAffectedRows ?? 0n);
  }

  /** Fails every verification `started` longer than the timeout; returns their keys. */
  async failVerificationTimeouts(timeoutSeconds = VERIFICATION_TIMEOUT_SECONDS): Promise<number[]> {
    const rows = await this.#db
      .selectFrom(this.spec.table)
      .select(sql<number>`${sql.ref(this.spec.key)}`.as('key'))
      .where('verification_state', '=', VERIFICATION_STATES.started)
      .where('verification_started_at', '<', new Date(Date.now() - timeoutSeconds * 1000))
      .execute();
    const failed: number[] = [];
    for (const { key } of rows) {
      const result = await this.failed(
        Number(key),
        `Verification timed out after ${timeoutSeconds}`,
      );
      if (result.kind === 'done') failed.push(Number(key));
    }
    return failed;
  }

  /** Counts rows per verification state (among verifiable rows). */
  async countsByState(): Promise<Record<VerificationStateName, number>> {
    const rows = await this.#db
      .selectFrom(this.spec.table)
      .select(['verification_state', (eb) => eb.fn.countAll<number>().as('count')])
      .where(this.verifiable())
      .groupBy('verification_state')
      .execute();
    const counts = { pending: 0, started: 0, succeeded: 0, failed: 0, disabled: 0 };
    for (const row of rows) {
      counts[stateName(VERIFICATION_STATES, row.verification_state, this.spec.table)] = Number(
        row.count,
      );
    }
    return counts;
  }
}
