import { sql, type RawBuilder } from 'kysely';
import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import { VERIFICATION_STATES } from '../states/verification-state.ts';
import { checksumToBytes } from './checksum.ts';
import { verifiable, type VerificationScope } from './verification-row.ts';

// The batches of one verification table: rows claimed together under a lease, their checksums
// recorded in one statement, and the claims of processes that died given back.
// `VerificationTable` exposes these; the transitions of one row are its own.

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

/**
 * started → succeeded for every row of a batch whose checksum was computed, in one UPDATE that
 * only matches rows still started at `startedAt` (a row re-marked meanwhile keeps its mark).
 * Returns the rows it moved (a registry's id too).
 */
export async function recordSucceeded(
  { db, spec }: VerificationScope,
  checksums: readonly ComputedChecksum[],
  startedAt: Date,
): Promise<{ key: number; registryId?: number }[]> {
  if (checksums.length === 0) return [];
  const table = sql.table(spec.table);
  const key = sql.ref(spec.key);
  const values = sql.join(
    checksums.map(
      (entry) => sql`(${entry.key}::bigint, ${checksumToBytes(entry.checksum)}::bytea)`,
    ),
  );
  const mismatchCleared = spec.hasMismatchColumns
    ? sql`, checksum_mismatch = false, verification_checksum_mismatched = NULL`
    : sql``;
  const registryId = spec.registryIdColumn ? sql`t.${sql.ref(spec.registryIdColumn)}` : sql`NULL`;
  const result = await sql<{ key: number; registry_id: number | string | null }>`
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
    RETURNING t.${key} AS key, ${registryId} AS registry_id`.execute(db);
  return result.rows.map((row) => ({
    key: Number(row.key),
    ...(row.registry_id !== null && { registryId: Number(row.registry_id) }),
  }));
}

/**
 * Takes up to `limit` pending rows and marks them started in one statement, so two workers never
 * take the same row (`FOR UPDATE SKIP LOCKED`). Returns their keys.
 */
export async function takePendingBatch(
  scope: VerificationScope,
  limit: number,
  startedAt?: Date,
): Promise<number[]> {
  return takeBatch(
    scope,
    limit,
    sql`verification_state = ${VERIFICATION_STATES.pending}`,
    sql`verified_at`,
    startedAt,
  );
}

/** Like the pending batch, for failed rows whose retry time has come. */
export async function takeFailedBatch(
  scope: VerificationScope,
  limit: number,
  startedAt?: Date,
): Promise<number[]> {
  return takeBatch(
    scope,
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
export async function claimBatch(scope: VerificationScope, limit: number): Promise<ClaimedBatch> {
  const { startedAt, lease } = await obtainBatchLease(scope);
  const keys = await takePendingBatch(scope, limit, startedAt);
  if (keys.length < limit)
    keys.push(...(await takeFailedBatch(scope, limit - keys.length, startedAt)));
  if (keys.length === 0) await lease.release();
  return { keys, startedAt, lease };
}

/**
 * One row (an explicit `verify()`): started at a new instant under its own batch lease, as a
 * batch of one. Undefined when the row does not exist.
 */
export async function claimOne(
  scope: VerificationScope,
  key: number,
): Promise<ClaimedBatch | undefined> {
  const { startedAt, lease } = await obtainBatchLease(scope);
  const result = await scope.db
    .updateTable(scope.spec.table)
    .set({
      verification_state: VERIFICATION_STATES.started,
      verification_started_at: startedAt,
    })
    .where(sql.ref(scope.spec.key), '=', key)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    await lease.release();
    return undefined;
  }
  return { keys: [key], startedAt, lease };
}

/**
 * started → pending for rows whose batch lease has lapsed: the process checksumming them died.
 * Only rows started longer than a lease TTL ago count (a batch takes its lease before its rows).
 * Returns their keys; they are verified again by the next batch.
 */
export async function resetOrphanedAttempts(
  scope: VerificationScope,
  leaseTtlMs: number,
): Promise<number[]> {
  const { db, leaseDb, spec } = scope;
  const rows = await db
    .selectFrom(spec.table)
    .select([sql<number>`${sql.ref(spec.key)}`.as('key'), 'verification_started_at'])
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
          await leaseDb
            .selectFrom('exclusive_leases')
            .select('key')
            .where(
              'key',
              'in',
              instants.map((instant) => batchLeaseKey(scope, new Date(instant))),
            )
            .where('expires_at', '>', sql<Date>`now()`)
            .execute()
        ).map((row) => row.key),
  );
  const orphans = rows.filter(
    (row) =>
      row.verification_started_at === null ||
      !live.has(batchLeaseKey(scope, row.verification_started_at)),
  );
  const reset: number[] = [];
  for (const row of orphans) {
    let query = db
      .updateTable(spec.table)
      .set({ verification_state: VERIFICATION_STATES.pending })
      .where(sql.ref(spec.key), '=', Number(row.key))
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

/** The lease of a new batch; its instant is unique, since the lease is named after it. */
async function obtainBatchLease(
  scope: VerificationScope,
): Promise<{ startedAt: Date; lease: ExclusiveLease }> {
  // Millisecond instants, so the value read back compares equal; two takers in the same
  // millisecond get different ones because only one can hold a lease name.
  let instant = Date.now();
  for (;;) {
    const startedAt = new Date(instant);
    const lease = new ExclusiveLease(
      scope.leaseDb,
      batchLeaseKey(scope, startedAt),
      VERIFICATION_LEASE_TTL_MS,
    );
    if (await lease.tryObtain()) return { startedAt, lease };
    instant++;
  }
}

function batchLeaseKey({ spec }: VerificationScope, startedAt: Date): string {
  return `geo/verification:${spec.table}:${startedAt.getTime()}`;
}

async function takeBatch(
  { db, spec }: VerificationScope,
  limit: number,
  condition: RawBuilder<unknown>,
  order: RawBuilder<unknown>,
  startedAt: Date = new Date(),
): Promise<number[]> {
  if (limit <= 0) return [];
  const table = sql.table(spec.table);
  const key = sql.ref(spec.key);
  const result = await sql<{ key: number }>`
    UPDATE ${table} SET verification_state = ${VERIFICATION_STATES.started}, verification_started_at = ${startedAt}
    WHERE ${key} IN (
      SELECT ${key} FROM ${table}
      WHERE ${condition} AND ${verifiable(spec)}
      ORDER BY ${order} ASC NULLS FIRST
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING ${key} AS key`.execute(db);
  return result.rows.map((row) => Number(row.key));
}
