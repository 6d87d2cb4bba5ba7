import { readdir } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import {
  applicationMigrationFolder,
  frameworkMigrationFolder,
  type MigrationTarget,
} from '../db/migrations.ts';
import { RUNTIME_ROOT } from './postgres-templates.ts';
import { describeOnEachEngine } from './test-databases.ts';

/** The migrations a database records as applied. */
async function applied<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((row) => row.name);
}

/** The migrations of the framework's folder and this host's for `target`. */
async function migrations(target: MigrationTarget): Promise<string[]> {
  const files = [
    ...(await readdir(frameworkMigrationFolder(target))),
    ...(await readdir(applicationMigrationFolder(RUNTIME_ROOT, target))),
  ];
  return files
    .filter((file) => /^\d{14}_\w+\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
}

// The databases start from what the global setup migrated once (a PGlite snapshot, a PostgreSQL
// template): they must hold every migration of the framework and this host, and no others.
describeOnEachEngine('test databases', (databases) => {
  it('have every migration of the main and tracking folders applied', async () => {
    expect(await applied(databases.main)).toEqual(await migrations('main'));
    expect(await applied(databases.tracking)).toEqual(await migrations('tracking'));
  });

  // Twice: the second run finds the first one's row gone.
  it.each(['first', 'second'])('are writable, and emptied before each test (%s)', async () => {
    expect(await databases.main.selectFrom('namespaces').select('id').execute()).toEqual([]);
    await databases.main.insertInto('namespaces').values({ name: 'n', path: 'n' }).execute();
    expect(await databases.main.selectFrom('namespaces').select('id').execute()).toHaveLength(1);
  });
});
