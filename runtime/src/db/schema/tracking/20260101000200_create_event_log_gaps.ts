import { sql, type Kysely } from 'kysely';

// Event ids the log cursor skipped over: a transaction that had taken the id had not committed yet.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_log_gaps')
    .addColumn('event_id', 'bigint', (col) => col.primaryKey())
    .addColumn('detected_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event_log_gaps').execute();
}
