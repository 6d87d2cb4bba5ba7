import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { adminQuery } from '../testing/postgres-templates.ts';
import { postgresUrlFor, selectedEngines, type TestEngine } from '../testing/services.ts';
import type { DatabaseConfig } from './database-config.ts';
import { ReadOnlyDatabaseError } from './errors.ts';
import { openDatabase } from './open-database.ts';
import { grantMainDatabaseReader } from './reader-role.ts';

interface Notes {
  notes: { id: number; text: string };
}

/** A database that outlives one connection: a PGlite directory, or a fresh PostgreSQL database. */
async function scratch(
  engine: TestEngine,
): Promise<{ config: DatabaseConfig; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'geo-read-only-'));
    return {
      config: { kind: 'pglite', dataDir: join(dir, 'data') },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `geo_test_read_only_${process.pid}_${Date.now()}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    config: { kind: 'postgres', url: postgresUrlFor(name) },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

for (const engine of selectedEngines()) {
  const unavailable = engine === 'postgres' ? inject('postgresUnavailable') : null;
  describe.skipIf(unavailable !== null)(`openDatabase({ readOnly: true }) [${engine}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('reads, and refuses writes both in Kysely and in the database session', async () => {
      const database = await scratch(engine);
      cleanups.push(() => database.drop());
      const writable = await openDatabase<Notes>(database.config);
      await sql`CREATE TABLE notes (id int PRIMARY KEY, text text)`.execute(writable.db);
      await writable.db.insertInto('notes').values({ id: 1, text: 'kept' }).execute();
      await grantMainDatabaseReader(writable.db); // as the main database's migrations do
      await writable.close(); // PGlite: one process, one instance per directory.

      const readOnly = await openDatabase<Notes>(database.config, { readOnly: true });
      cleanups.push(() => readOnly.close());

      expect(await readOnly.db.selectFrom('notes').selectAll().execute()).toEqual([
        { id: 1, text: 'kept' },
      ]);
      await expect(
        readOnly.db.insertInto('notes').values({ id: 2, text: 'lost' }).execute(),
      ).rejects.toThrow(ReadOnlyDatabaseError);
      // Raw SQL the plugin cannot tell is a write still fails: the session is read-only.
      await expect(
        sql`WITH added AS (INSERT INTO notes VALUES (3, 'lost') RETURNING id) SELECT id FROM added`.execute(
          readOnly.db,
        ),
      ).rejects.toThrow(/read-only transaction/);
      const setting = await sql<{
        default_transaction_read_only: string;
      }>`SHOW default_transaction_read_only`.execute(readOnly.db);
      expect(setting.rows[0]?.default_transaction_read_only).toBe('on');
    });
  });
}
