import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseConfig } from '../db/database-config.ts';
import type { MainDatabase } from '../db/main-database.ts';
import { migrateUp, migrationSources } from '../db/migrations.ts';
import { openDatabase, type Database } from '../db/open-database.ts';
import { MAIN_DATABASE_READER } from '../db/reader-role.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { pgliteStartFrom } from '../testing/pglite-snapshots.ts';
import { adminQuery, RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { postgresUrlFor, selectedEngines, type TestEngine } from '../testing/services.ts';
import { openMainDatabase } from './site-databases.ts';
import { SiteConfigError } from './site-start-options.ts';

const ADD_NAMESPACE = `INSERT INTO namespaces (name, path) VALUES ('intruder', 'intruder')`;

/** Raw SQL a secondary's code (or a host's) might send to the main database, each a write or a way to one. */
const WRITES = [
  `WITH added AS (${ADD_NAMESPACE} RETURNING id) SELECT id FROM added`,
  `/* a leading comment */ ${ADD_NAMESPACE}`,
  `-- a leading comment\n${ADD_NAMESPACE}`,
  `SELECT 1; ${ADD_NAMESPACE}`,
  `EXPLAIN ANALYZE ${ADD_NAMESPACE}`,
  `CREATE TABLE intruders (id int)`,
  `ALTER TABLE namespaces ADD COLUMN intruder int`,
  `DROP TABLE geo_event_log`,
  `TRUNCATE namespaces`,
  `SELECT nextval('namespaces_id_seq')`,
  `SELECT setval('namespaces_id_seq', 1000)`,
  `SELECT * FROM namespaces FOR UPDATE`,
  `SELECT * INTO intruders FROM namespaces`,
  `SELECT lo_create(0)`,
  `SET TRANSACTION READ WRITE; ${ADD_NAMESPACE}`,
  `RESET ALL; ${ADD_NAMESPACE}`,
  `SET TRANSACTION READ WRITE`,
  `SET default_transaction_read_only = off`,
  `RESET ALL`,
  `SET ROLE postgres`,
  `SET SESSION AUTHORIZATION postgres`,
  `SELECT set_config('role', 'postgres', false)`,
  `SELECT set_config('default_transaction_read_only', 'off', false)`,
  `BEGIN READ WRITE`,
  `COMMIT`,
  `DISCARD ALL`,
  `DO $$ BEGIN ${ADD_NAMESPACE}; END $$`,
];

/** What refusing a write looks like: the runtime's own errors, or the database's. */
const CLEAR_REFUSAL =
  /^Refusing .* Geo secondary|cannot execute [\w ]+(\(\))? in a read-only transaction|permission denied for (table|sequence|schema|function)/;

interface Outcome {
  readonly statement: string;
  readonly error: string | undefined;
  /** The write tried right after it, on the same connection. */
  readonly probe: string | undefined;
}

interface Fixture {
  readonly config: DatabaseConfig;
  drop(): Promise<void>;
}

/** The primary's migrated main database, with a primary, a secondary and one namespace. */
async function primaryMainDatabase(engine: TestEngine): Promise<Fixture> {
  let config: DatabaseConfig;
  let drop: () => Promise<void>;
  let writable: Database<MainDatabase>;
  if (engine === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'geo-secondary-main-'));
    config = { kind: 'pglite', dataDir: join(dir, 'main') };
    drop = () => rm(dir, { recursive: true, force: true });
    const snapshot = inject('pgliteSnapshots')?.main;
    writable = await openDatabase<MainDatabase>(
      config,
      snapshot ? { pglite: await pgliteStartFrom(snapshot) } : {},
    );
    if (!snapshot) await migrateUp(writable.db, migrationSources(RUNTIME_ROOT, 'main'));
  } else {
    const name = `geo_test_secondary_main_${process.pid}_${randomBytes(3).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplates').main}`);
    config = { kind: 'postgres', url: postgresUrlFor(name) };
    drop = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    writable = await openDatabase<MainDatabase>(config);
  }
  try {
    const nodes = new GeoNodes(writable.db);
    await nodes.create({ name: 'primary', url: 'http://127.0.0.1:1', primary: true });
    await nodes.create({ name: 'secondary', url: 'http://127.0.0.1:2' });
    await writable.db.insertInto('namespaces').values({ name: 'kept', path: 'kept' }).execute();
  } finally {
    await writable.close(); // PGlite: one instance per directory at a time.
  }
  return { config, drop };
}

/** What a write would change, read through a connection of the primary's own. */
async function contents(config: DatabaseConfig) {
  const writable = await openDatabase<MainDatabase>(config);
  try {
    const namespaces = await writable.db.selectFrom('namespaces').select('path').execute();
    const tables = await sql<{ name: string }>`
      SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace
      AND relkind = 'r' ORDER BY relname`.execute(writable.db);
    const sequence = await sql<{ last: number; called: boolean }>`
      SELECT last_value::int AS last, is_called AS called FROM namespaces_id_seq`.execute(
      writable.db,
    );
    const columns = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM information_schema.columns
      WHERE table_name = 'namespaces'`.execute(writable.db);
    const largeObjects = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM pg_largeobject_metadata`.execute(writable.db);
    return {
      namespaces: namespaces.map((row) => row.path),
      tables: tables.rows.map((row) => row.name),
      sequence: sequence.rows[0],
      namespaceColumns: columns.rows[0]?.count,
      largeObjects: largeObjects.rows[0]?.count,
    };
  } finally {
    await writable.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function attempt(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

for (const engine of selectedEngines()) {
  const unavailable = engine === 'postgres' ? inject('postgresUnavailable') : null;
  describe.skipIf(unavailable !== null)(`a secondary's main database [${engine}]`, () => {
    let fixture: Fixture | undefined;
    const config = () => {
      if (!fixture) throw new Error('The main database is used before beforeAll() made it.');
      return fixture.config;
    };
    beforeAll(async () => {
      fixture = await primaryMainDatabase(engine);
    });
    afterAll(async () => {
      await fixture?.drop();
    });

    it('refuses every write and every way to loosen the session, without --replica, and nothing is written', async () => {
      const before = await contents(config());
      const { main, node } = await openMainDatabase(
        { name: 'secondary', replica: false },
        config(),
      );
      const outcomes: Outcome[] = [];
      let reader: string | undefined;
      try {
        expect(node.primary).toBe(false);
        for (const statement of WRITES) {
          // One connection for both, so that a session loosened by the first would show in the second.
          await main.db.connection().execute(async (db) => {
            const error = await attempt(() => sql.raw(statement).execute(db));
            const probe = await attempt(() => sql.raw(`/* probe */ ${ADD_NAMESPACE}`).execute(db));
            outcomes.push({ statement, error, probe });
          });
        }
        await expect(
          main.db
            .transaction()
            .setAccessMode('read write')
            .execute(async () => {}),
        ).rejects.toThrow(/^Refusing a READ WRITE transaction/);
        // It still reads, as the reader role.
        reader = (await sql<{ role: string }>`SELECT current_user AS role`.execute(main.db)).rows[0]
          ?.role;
        expect(await main.db.selectFrom('namespaces').select('path').execute()).toEqual([
          { path: 'kept' },
        ]);
      } finally {
        await main.close();
      }

      expect(outcomes).toEqual(
        WRITES.map((statement) => ({
          statement,
          error: expect.stringMatching(CLEAR_REFUSAL),
          probe: expect.any(String),
        })),
      );
      expect(reader).toBe(MAIN_DATABASE_READER);
      expect(await contents(config())).toEqual(before);
    });

    it('refuses to start a secondary whose session could write, in one line', async () => {
      const grant = async (statement: string) => {
        const writable = await openDatabase<MainDatabase>(config());
        try {
          await sql.raw(statement).execute(writable.db);
        } finally {
          await writable.close();
        }
      };
      await grant(`GRANT INSERT ON namespaces TO ${MAIN_DATABASE_READER}`);
      try {
        const opening = openMainDatabase({ name: 'secondary', replica: false }, config());
        await expect(opening).rejects.toThrow(SiteConfigError);
        await expect(opening).rejects.toThrow(
          `The main database lets this secondary write (its role ${MAIN_DATABASE_READER} may write to the table public.namespaces): connect a secondary as a role with only SELECT`,
        );
      } finally {
        await grant(`REVOKE INSERT ON namespaces FROM ${MAIN_DATABASE_READER}`);
      }
    });

    if (engine === 'pglite') {
      // PostgreSQL's roles belong to the whole server, which other tests share: PGlite's to the directory.
      it('says to migrate the primary when its main database has no reader role', async () => {
        const writable = await openDatabase<MainDatabase>(config());
        try {
          await sql.raw(`DROP OWNED BY ${MAIN_DATABASE_READER}`).execute(writable.db);
          await sql.raw(`DROP ROLE ${MAIN_DATABASE_READER}`).execute(writable.db);
        } finally {
          await writable.close();
        }
        const opening = openMainDatabase({ name: 'secondary', replica: false }, config());
        await expect(opening).rejects.toThrow(SiteConfigError);
        await expect(opening).rejects.toThrow(
          `A secondary reads the main database as the role ${MAIN_DATABASE_READER}, which the server refused (role "${MAIN_DATABASE_READER}" does not exist): run geo-runtime db:migrate on the primary to create it`,
        );
      });
    }

    it('opens the primary writable, as before', async () => {
      const { main } = await openMainDatabase({ name: 'primary', replica: false }, config());
      try {
        const role = await sql<{ role: string }>`SELECT current_user AS role`.execute(main.db);
        expect(role.rows[0]?.role).not.toBe(MAIN_DATABASE_READER);
        await main.db.deleteFrom('namespaces').where('path', '=', 'nothing').execute();
      } finally {
        await main.close();
      }
    });
  });
}
