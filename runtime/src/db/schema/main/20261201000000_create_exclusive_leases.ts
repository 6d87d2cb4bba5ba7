import type { Kysely } from 'kysely';

// Short-lived locks of the primary's processes (a secondary keeps its own in the tracking
// database): a verification batch holds one while it checksums, so a batch whose process died is
// noticed within minutes instead of after the eight-hour timeout.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exclusive_leases')
    .ifNotExists()
    .addColumn('key', 'varchar(255)', (col) => col.primaryKey())
    .addColumn('owner', 'varchar(255)', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exclusive_leases').execute();
}
