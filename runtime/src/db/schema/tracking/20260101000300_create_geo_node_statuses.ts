import { sql, type Kysely } from 'kysely';

// This secondary's status, stored where it can write: its tracking database.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('geo_node_statuses')
    .addColumn('geo_node_id', 'bigint', (col) => col.primaryKey())
    .addColumn('status', 'jsonb', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('geo_node_statuses').execute();
}
