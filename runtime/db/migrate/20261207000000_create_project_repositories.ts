import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('project_repositories')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('project_id', 'bigint', (col) =>
      col.notNull().references('projects.id').onDelete('cascade'),
    )
    // The storage (shard) the repository is on: a name every site maps to a directory.
    .addColumn('repository_storage', 'varchar(255)', (col) => col.notNull().defaultTo('default'))
    // The repository's path inside its storage, without `.git`.
    .addColumn('disk_path', 'varchar(1024)', (col) => col.notNull())
    // The path it is fetched by: `<site URL>/<full_path>.git`.
    .addColumn('full_path', 'varchar(1024)', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('index_project_repositories_on_project_id')
    .on('project_repositories')
    .column('project_id')
    .execute();
  await db.schema
    .createIndex('index_project_repositories_on_full_path')
    .on('project_repositories')
    .column('full_path')
    .unique()
    .execute();
  await db.schema
    .createIndex('index_project_repositories_on_repository_storage_and_disk_path')
    .on('project_repositories')
    .columns(['repository_storage', 'disk_path'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('project_repositories').execute();
}
