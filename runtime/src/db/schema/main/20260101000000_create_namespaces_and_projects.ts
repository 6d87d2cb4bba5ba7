import { sql, type Kysely } from 'kysely';

// The framework's minimal tenancy: enough for selective sync by namespace or shard to mean
// something. An application's data types belong to projects (project_id).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('namespaces')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('name', 'varchar(255)', (col) => col.notNull())
    .addColumn('path', 'varchar(255)', (col) => col.notNull())
    .addColumn('parent_id', 'bigint', (col) => col.references('namespaces.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('index_namespaces_on_parent_id')
    .on('namespaces')
    .column('parent_id')
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('name', 'varchar(255)', (col) => col.notNull())
    .addColumn('namespace_id', 'bigint', (col) =>
      col.notNull().references('namespaces.id').onDelete('cascade'),
    )
    .addColumn('repository_storage', 'varchar(255)', (col) => col.notNull().defaultTo('default'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('index_projects_on_namespace_id')
    .on('projects')
    .column('namespace_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('projects').execute();
  await db.schema.dropTable('namespaces').execute();
}
