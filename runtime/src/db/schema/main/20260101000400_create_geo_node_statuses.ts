import { sql, type Kysely } from 'kysely';

// The primary's own status (`GeoNodeStatus`). Secondaries keep theirs in their tracking database.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('geo_node_statuses')
    .addColumn('geo_node_id', 'bigint', (col) =>
      col.primaryKey().references('geo_nodes.id').onDelete('cascade'),
    )
    .addColumn('status', 'jsonb', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('geo_node_statuses').execute();
}
