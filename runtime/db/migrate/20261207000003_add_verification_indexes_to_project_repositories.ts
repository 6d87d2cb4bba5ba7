import { sql, type Kysely } from 'kysely';

const VERIFICATION_STATE_INDEX_NAME = 'index_project_repositories_on_verification_state';
const PENDING_VERIFICATION_INDEX_NAME = 'index_project_repositories_pending_verification';
const FAILED_VERIFICATION_INDEX_NAME = 'index_project_repositories_failed_verification';
const NEEDS_VERIFICATION_INDEX_NAME = 'index_project_repositories_needs_verification';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex(VERIFICATION_STATE_INDEX_NAME)
    .on('project_repositories')
    .column('verification_state')
    .execute();
  await db.schema
    .createIndex(PENDING_VERIFICATION_INDEX_NAME)
    .on('project_repositories')
    .expression(sql`verified_at ASC NULLS FIRST`)
    .where(() => sql<boolean>`verification_state = 0`)
    .execute();
  await db.schema
    .createIndex(FAILED_VERIFICATION_INDEX_NAME)
    .on('project_repositories')
    .expression(sql`verification_retry_at ASC NULLS FIRST`)
    .where(() => sql<boolean>`verification_state = 3`)
    .execute();
  await db.schema
    .createIndex(NEEDS_VERIFICATION_INDEX_NAME)
    .on('project_repositories')
    .column('verification_state')
    .where(() => sql<boolean>`verification_state = 0 OR verification_state = 3`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    VERIFICATION_STATE_INDEX_NAME,
    PENDING_VERIFICATION_INDEX_NAME,
    FAILED_VERIFICATION_INDEX_NAME,
    NEEDS_VERIFICATION_INDEX_NAME,
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
