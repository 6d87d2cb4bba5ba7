import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('package_files')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('project_id', 'bigint', (col) =>
      col.notNull().references('projects.id').onDelete('cascade'),
    )
    .addColumn('file_name', 'varchar(255)', (col) => col.notNull())
    // Where the uploader stored the blob, relative to its root; null until a file is attached.
    .addColumn('file', 'varchar(1024)')
    // 1 = local storage, 2 = object storage (remote).
    .addColumn('file_store', 'smallint', (col) => col.notNull().defaultTo(1))
    .addColumn('size', 'bigint')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('index_package_files_on_project_id')
    .on('package_files')
    .column('project_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('package_files').execute();
}
