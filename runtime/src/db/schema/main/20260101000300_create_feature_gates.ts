import { sql, type Kysely } from 'kysely';

// Runtime overrides of feature flags. In the main database, so secondaries see the primary's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feature_gates')
    .addColumn('key', 'varchar(255)', (col) => col.primaryKey())
    .addColumn('enabled', 'boolean', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feature_gates').execute();
}
