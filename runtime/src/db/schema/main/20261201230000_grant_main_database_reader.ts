import type { Kysely } from 'kysely';
import { grantMainDatabaseReader, revokeMainDatabaseReader } from '../../reader-role.ts';

// Secondaries read this database as a role that may only SELECT (geo_readonly), so that no query
// of theirs can write to it, whatever it does to its session. Tables of later migrations are
// readable too (default privileges). The role is shared by the server's databases: down() keeps it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await grantMainDatabaseReader(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await revokeMainDatabaseReader(db);
}
