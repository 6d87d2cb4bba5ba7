import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('geo_nodes')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('name', 'varchar(255)', (col) => col.notNull().unique())
    .addColumn('url', 'varchar(255)', (col) => col.notNull())
    .addColumn('internal_url', 'varchar(255)')
    .addColumn('primary', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('enabled', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('access_key', 'varchar(20)', (col) => col.notNull().unique())
    .addColumn('secret_access_key', 'varchar(40)', (col) => col.notNull())
    .addColumn('selective_sync_type', 'varchar(16)', (col) =>
      col.check(sql`selective_sync_type IN ('namespaces', 'shards')`),
    )
    .addColumn('selective_sync_namespace_ids', sql`bigint[]`, (col) =>
      col.notNull().defaultTo(sql`'{}'`),
    )
    .addColumn('selective_sync_shards', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('sync_object_storage', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('files_max_capacity', 'integer', (col) => col.notNull().defaultTo(10))
    .addColumn('repos_max_capacity', 'integer', (col) => col.notNull().defaultTo(25))
    .addColumn('verification_max_capacity', 'integer', (col) => col.notNull().defaultTo(100))
    .addColumn('minimum_reverification_interval', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(7)
        .check(sql`minimum_reverification_interval >= 1`),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // At most one primary: the partial unique index makes a second one a constraint violation.
  await db.schema
    .createIndex('index_geo_nodes_on_primary')
    .on('geo_nodes')
    .column('primary')
    .unique()
    .where(sql.ref('primary'), '=', true)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('geo_nodes').execute();
}
