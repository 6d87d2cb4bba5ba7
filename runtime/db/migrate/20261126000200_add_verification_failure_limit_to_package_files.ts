import { sql, type Kysely } from 'kysely';

const CONSTRAINT_NAME = 'package_file_verification_failure_text_limit';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('package_files')
    .addCheckConstraint(CONSTRAINT_NAME, sql`char_length(verification_failure) <= 255`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('package_files').dropConstraint(CONSTRAINT_NAME).execute();
}
