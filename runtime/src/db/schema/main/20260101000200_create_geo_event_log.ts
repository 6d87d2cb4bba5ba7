import { sql, type Kysely } from 'kysely';

// The primary's event log: an event and its log row are written in the model change's transaction.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('geo_events')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('replicable_name', 'varchar(255)', (col) => col.notNull())
    .addColumn('event_name', 'varchar(255)', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('geo_event_log')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('geo_event_id', 'bigint', (col) =>
      col.notNull().references('geo_events.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('index_geo_event_log_on_geo_event_id')
    .on('geo_event_log')
    .column('geo_event_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('geo_event_log').execute();
  await db.schema.dropTable('geo_events').execute();
}
