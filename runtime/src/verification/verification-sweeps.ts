import { sql } from 'kysely';
import { stateName } from '../states/state-machine.ts';
import { VERIFICATION_STATES, type VerificationStateName } from '../states/verification-state.ts';
import { verifiable, type VerificationScope } from './verification-row.ts';

// Whole-table passes over one verification table: what is left to do, reverification of data at
// rest, and the counts per state. `VerificationTable` exposes these.

/** Pending, or failed and due: what verification workers still have to do. */
export async function needsVerificationCount(
  { db, spec }: VerificationScope,
  limit?: number,
): Promise<number> {
  const rows = db
    .selectFrom(spec.table)
    .select(sql.ref(spec.key).as('key'))
    .where(verifiable(spec))
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
  const result = await db
    .selectFrom(limited.as('needs'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(result.count);
}

/**
 * Marks up to `limit` rows that succeeded more than `intervalDays` ago as pending again, so the
 * primary re-checksums data at rest. Returns how many it marked.
 */
export async function reverifyBatch(
  { db, spec }: VerificationScope,
  intervalDays: number,
  limit: number,
): Promise<number> {
  const table = sql.table(spec.table);
  const key = sql.ref(spec.key);
  const result = await sql`
    UPDATE ${table} SET verification_state = ${VERIFICATION_STATES.pending}
    WHERE ${key} IN (
      SELECT ${key} FROM ${table}
      WHERE verification_state = ${VERIFICATION_STATES.succeeded}
        AND verified_at < now() - make_interval(days => ${intervalDays})
        AND ${verifiable(spec)}
      ORDER BY verified_at ASC
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** The keys of verifications `started` longer than `timeoutSeconds` ago. */
export async function timedOutKeys(
  { db, spec }: VerificationScope,
  timeoutSeconds: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom(spec.table)
    .select(sql<number>`${sql.ref(spec.key)}`.as('key'))
    .where('verification_state', '=', VERIFICATION_STATES.started)
    .where('verification_started_at', '<', new Date(Date.now() - timeoutSeconds * 1000))
    .execute();
  return rows.map((row) => Number(row.key));
}

/** Counts rows per verification state (among verifiable rows). */
export async function countsByState({
  db,
  spec,
}: VerificationScope): Promise<Record<VerificationStateName, number>> {
  const rows = await db
    .selectFrom(spec.table)
    .select(['verification_state', (eb) => eb.fn.countAll<number>().as('count')])
    .where(verifiable(spec))
    .groupBy('verification_state')
    .execute();
  const counts = { pending: 0, started: 0, succeeded: 0, failed: 0, disabled: 0 };
  for (const row of rows) {
    counts[stateName(VERIFICATION_STATES, row.verification_state, spec.table)] = Number(row.count);
  }
  return counts;
}
