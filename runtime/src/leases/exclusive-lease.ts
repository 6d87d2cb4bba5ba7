import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { LeaseDatabase } from './lease-table.ts';

/**
 * A lock with a time to live, kept in a database every process of a site shares (a secondary's
 * tracking database, the primary's main one), so that all of them see it (`Gitlab::ExclusiveLease`). A holder that dies simply lets it lapse; the clock is the
 * database's, so processes on machines with skewed clocks still agree.
 */
export class ExclusiveLease {
  readonly owner: string;

  private readonly db: Kysely<LeaseDatabase>;

  constructor(
    db: Kysely<LeaseDatabase>,
    readonly key: string,
    readonly ttlMs: number,
    owner: string = randomUUID(),
  ) {
    this.db = db;
    this.owner = owner;
  }

  /** Takes the lease if it is free or lapsed (or already ours, which renews it). */
  async tryObtain(): Promise<boolean> {
    const ttl = sql`make_interval(secs => ${this.ttlMs / 1000})`;
    const result = await sql<{ owner: string }>`
      INSERT INTO exclusive_leases (key, owner, expires_at) VALUES (${this.key}, ${this.owner}, now() + ${ttl})
      ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
        WHERE exclusive_leases.expires_at < now() OR exclusive_leases.owner = EXCLUDED.owner
      RETURNING owner`.execute(this.db);
    return result.rows.length === 1;
  }

  /** Extends the lease; false when it was lost (lapsed and taken by someone else). */
  async renew(): Promise<boolean> {
    const ttl = sql`make_interval(secs => ${this.ttlMs / 1000})`;
    const result = await sql`
      UPDATE exclusive_leases SET expires_at = now() + ${ttl}
      WHERE key = ${this.key} AND owner = ${this.owner}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0n) === 1;
  }

  /** Gives the lease up (only if we still hold it). */
  async release(): Promise<void> {
    await this.db
      .deleteFrom('exclusive_leases')
      .where('key', '=', this.key)
      .where('owner', '=', this.owner)
      .execute();
  }

  /** Milliseconds until the current holder's lease lapses (0 when free). */
  async remainingMs(): Promise<number> {
    const row = await sql<{ remaining: number | null }>`
      SELECT extract(epoch FROM expires_at - now()) * 1000 AS remaining
      FROM exclusive_leases WHERE key = ${this.key}`.execute(this.db);
    return Math.max(0, Number(row.rows[0]?.remaining ?? 0));
  }

  /** Runs `work` while holding the lease; returns undefined without running it when the lease is held. */
  async withLease<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (!(await this.tryObtain())) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await this.release();
    }
  }
}
