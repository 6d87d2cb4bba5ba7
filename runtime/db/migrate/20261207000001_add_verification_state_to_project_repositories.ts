import type { Kysely } from 'kysely';

// Verification state on the model table (option 1): the primary checksums every project repository.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('project_repositories')
    .addColumn('verification_state', 'smallint', (col) => col.notNull().defaultTo(0))
    .addColumn('verification_started_at', 'timestamptz')
    .addColumn('verification_retry_count', 'smallint', (col) => col.notNull().defaultTo(0))
    .addColumn('verification_retry_at', 'timestamptz')
    .addColumn('verified_at', 'timestamptz')
    .addColumn('verification_checksum', 'bytea')
    .addColumn('verification_failure', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('project_repositories')
    .dropColumn('verification_state')
    .dropColumn('verification_started_at')
    .dropColumn('verification_retry_count')
    .dropColumn('verification_retry_at')
    .dropColumn('verified_at')
    .dropColumn('verification_checksum')
    .dropColumn('verification_failure')
    .execute();
}
