import { sql, type Kysely } from 'kysely';

const CONSTRAINT_NAME = 'project_repository_verification_failure_text_limit';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('project_repositories')
    .addCheckConstraint(CONSTRAINT_NAME, sql`char_length(verification_failure) <= 255`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('project_repositories').dropConstraint(CONSTRAINT_NAME).execute();
}
