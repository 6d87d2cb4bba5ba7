import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import {
  migrateDown,
  migrateToZero,
  migrateUp,
  migrationSources,
  migrationStatus,
} from './migrations.ts';
import { openDatabase } from './open-database.ts';

async function indexDefinitions<DB>(
  db: Kysely<DB>,
  table: string,
): Promise<Record<string, string>> {
  const result = await sql<{ indexname: string; indexdef: string }>`
    SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ${table}`.execute(db);
  return Object.fromEntries(result.rows.map((row) => [row.indexname, row.indexdef]));
}

describeOnEachEngine('migrations', (databases) => {
  const tracking = migrationSources(RUNTIME_ROOT, 'tracking');
  const main = migrationSources(RUNTIME_ROOT, 'main');

  it('creates the registry table with every column and index of the template, partial ones included', async () => {
    const indexes = await indexDefinitions(databases.tracking, 'package_file_registry');
    expect(indexes['index_package_file_registry_on_package_file_id']).toMatch(
      /UNIQUE INDEX .*\(package_file_id\)/,
    );
    expect(indexes['package_file_registry_failed_verification']).toMatch(
      /\(verification_retry_at NULLS FIRST\) WHERE \(\(state = 2\) AND \(verification_state = 3\)\)/,
    );
    expect(indexes['package_file_registry_needs_verification']).toMatch(
      /\(verification_state\) WHERE \(\(state = 2\) AND \(verification_state = ANY \(ARRAY\[0, 3\]\)\)\)/,
    );
    expect(indexes['package_file_registry_pending_verification']).toMatch(
      /\(verified_at NULLS FIRST\) WHERE \(\(state = 2\) AND \(verification_state = 0\)\)/,
    );
    const columns = await sql<{ column_name: string; data_type: string; is_nullable: string }>`
      SELECT column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_name = 'package_file_registry' ORDER BY ordinal_position`.execute(
      databases.tracking,
    );
    expect(columns.rows.map((column) => column.column_name)).toEqual([
      'id',
      'package_file_id',
      'created_at',
      'last_synced_at',
      'retry_at',
      'verified_at',
      'verification_started_at',
      'verification_retry_at',
      'state',
      'verification_state',
      'retry_count',
      'verification_retry_count',
      'checksum_mismatch',
      'verification_checksum',
      'verification_checksum_mismatched',
      'verification_failure',
      'last_sync_failure',
    ]);
  });

  it('adds verification state, its text limit and indexes to the model table (option 1)', async () => {
    const indexes = await indexDefinitions(databases.main, 'package_files');
    expect(indexes['index_package_files_pending_verification']).toMatch(
      /\(verified_at\)? ?.*WHERE \(verification_state = 0\)/,
    );
    expect(indexes['index_package_files_needs_verification']).toMatch(
      /WHERE \(\(verification_state = 0\) OR \(verification_state = 3\)\)/,
    );
    await expect(
      sql`INSERT INTO namespaces (name, path) VALUES ('g', 'g')`
        .execute(databases.main)
        .then(() =>
          sql`INSERT INTO projects (name, namespace_id) VALUES ('p', (SELECT max(id) FROM namespaces))`.execute(
            databases.main,
          ),
        )
        .then(() =>
          sql`INSERT INTO package_files (project_id, file_name, verification_failure)
            VALUES ((SELECT max(id) FROM projects), 'f', ${'x'.repeat(256)})`.execute(
            databases.main,
          ),
        ),
    ).rejects.toThrow(/package_file_verification_failure_text_limit/);
  });

  it('reports status, rolls back and re-applies on the same engine', async () => {
    const before = await migrationStatus(databases.tracking, tracking);
    expect(before.every((migration) => migration.state === 'up')).toBe(true);
    // Back to before the package file registry, through whatever data types the host added since.
    const from = before.findIndex((migration) =>
      migration.name.endsWith('_create_package_file_registry'),
    );
    expect(from).toBeGreaterThanOrEqual(0);
    const rolledBack = before.slice(from).map((migration) => migration.name);
    const reverted = await migrateDown(databases.tracking, tracking, rolledBack.length);
    expect(reverted).toEqual([...rolledBack].reverse());
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_name = 'package_file_registry'`.execute(
      databases.tracking,
    );
    expect(tables.rows).toEqual([]);
    const during = await migrationStatus(databases.tracking, tracking);
    expect(during.map((migration) => migration.state)).toEqual(
      before.map((_, index) => (index < from ? 'up' : 'down')),
    );
    expect(await migrateUp(databases.tracking, tracking)).toEqual(rolledBack);
    expect(await migrateUp(databases.tracking, tracking)).toEqual([]);
  });

  it('reverts everything and applies it again', async () => {
    const names = (await migrationStatus(databases.main, main)).map((migration) => migration.name);
    expect(await migrateToZero(databases.main, main)).toEqual([...names].reverse());
    expect(await migrateUp(databases.main, main)).toEqual(names);
  });
});

describe('an embedded database in a directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geo-pglite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps its data across a restart', async () => {
    const first = await openDatabase<unknown>({ kind: 'pglite', dataDir: dir });
    await migrateUp(first.db, migrationSources(RUNTIME_ROOT, 'main'));
    await sql`INSERT INTO namespaces (name, path) VALUES ('kept', 'kept')`.execute(first.db);
    await first.close();
    await first.close(); // idempotent

    const second = await openDatabase<unknown>({ kind: 'pglite', dataDir: dir });
    try {
      const rows = await sql<{ name: string }>`SELECT name FROM namespaces`.execute(second.db);
      expect(rows.rows).toEqual([{ name: 'kept' }]);
      expect(await migrateUp(second.db, migrationSources(RUNTIME_ROOT, 'main'))).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
