import { sql, type Kysely } from 'kysely';

// Where this secondary's log cursor stands in the primary's event log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_log_states')
    .addColumn('event_id', 'bigint', (col) => col.primaryKey())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event_log_states').execute();
}
