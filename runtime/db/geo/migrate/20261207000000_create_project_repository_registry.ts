import { sql, type Kysely } from 'kysely';

// No foreign key on project_repository_id: project_repositories lives in another database (the main one).
// The runtime propagates deletions itself (the `deleted` event and the consistency worker).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('project_repository_registry')
    .ifNotExists()
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('project_repository_id', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_synced_at', 'timestamptz')
    .addColumn('retry_at', 'timestamptz')
    .addColumn('verified_at', 'timestamptz')
    .addColumn('verification_started_at', 'timestamptz')
    .addColumn('verification_retry_at', 'timestamptz')
    .addColumn('state', 'smallint', (col) => col.notNull().defaultTo(0))
    .addColumn('verification_state', 'smallint', (col) => col.notNull().defaultTo(0))
    .addColumn('retry_count', 'smallint', (col) => col.notNull().defaultTo(0))
    .addColumn('verification_retry_count', 'smallint', (col) => col.notNull().defaultTo(0))
    .addColumn('checksum_mismatch', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('verification_checksum', 'bytea')
    .addColumn('verification_checksum_mismatched', 'bytea')
    .addColumn('verification_failure', 'varchar(255)')
    .addColumn('last_sync_failure', 'varchar(255)')
    // The repository columns of the original's registry (`001`, the Gizmo example).
    .addColumn('force_to_redownload', 'boolean')
    .addColumn('missing_on_primary', 'boolean')
    .execute();

  await db.schema
    .createIndex('index_project_repository_registry_on_project_repository_id')
    .on('project_repository_registry')
    .column('project_repository_id')
    .unique()
    .execute();
  await db.schema
    .createIndex('index_project_repository_registry_on_retry_at')
    .on('project_repository_registry')
    .column('retry_at')
    .execute();
  await db.schema
    .createIndex('index_project_repository_registry_on_state')
    .on('project_repository_registry')
    .column('state')
    .execute();
  // For ProjectRepositoryRegistry.verificationFailedBatch
  await db.schema
    .createIndex('project_repository_registry_failed_verification')
    .on('project_repository_registry')
    .expression(sql`verification_retry_at NULLS FIRST`)
    .where(() => sql<boolean>`state = 2 AND verification_state = 3`)
    .execute();
  // For ProjectRepositoryRegistry.needsVerificationCount
  await db.schema
    .createIndex('project_repository_registry_needs_verification')
    .on('project_repository_registry')
    .column('verification_state')
    .where(() => sql<boolean>`state = 2 AND verification_state = ANY (ARRAY[0, 3])`)
    .execute();
  // For ProjectRepositoryRegistry.verificationPendingBatch
  await db.schema
    .createIndex('project_repository_registry_pending_verification')
    .on('project_repository_registry')
    .expression(sql`verified_at NULLS FIRST`)
    .where(() => sql<boolean>`state = 2 AND verification_state = 0`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('project_repository_registry').execute();
}
