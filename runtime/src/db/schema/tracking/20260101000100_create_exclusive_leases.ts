import type { Kysely } from 'kysely';

// Short-lived locks shared by every process of a secondary: one log cursor, one download per registry.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exclusive_leases')
    .addColumn('key', 'varchar(255)', (col) => col.primaryKey())
    .addColumn('owner', 'varchar(255)', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exclusive_leases').execute();
}
