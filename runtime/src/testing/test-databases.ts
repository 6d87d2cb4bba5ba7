import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import type { MainDatabase } from '../db/main-database.ts';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import { openDatabase, type Database } from '../db/open-database.ts';
import { migrateUp, type MigrationTarget } from '../db/migrations.ts';
import { applicationMigrationSources } from './application-sources.ts';
import { applicationRoot } from './application-root.ts';
import type { TestServices } from './global-setup.ts';
import { pgliteStartFrom } from './pglite-snapshots.ts';
import { adminQuery } from './postgres-templates.ts';
import { postgresUrlFor } from './services.ts';

import { selectedEngines, TEST_ENGINES, type TestEngine } from './services.ts';

export { selectedEngines, TEST_ENGINES, type TestEngine };

/** A main and a tracking database for one test file, emptied before each test. */
export interface TestDatabases {
  readonly engine: TestEngine;
  readonly main: Kysely<MainDatabase>;
  readonly tracking: Kysely<TrackingDatabase>;
}

/**
 * Runs `body` once per engine: PGlite always, PostgreSQL when the global setup reached it.
 * This is how one suite proves a behaviour on both engines.
 */
export function describeOnEachEngine(name: string, body: (databases: TestDatabases) => void): void {
  for (const engine of selectedEngines()) {
    const unavailable = engine === 'postgres' ? inject('postgresUnavailable') : null;
    describe.skipIf(unavailable !== null)(`${name} [${engine}]`, () => {
      body(useTestDatabases(engine));
    });
  }
}

export interface TestDatabasesOptions {
  /** PostgreSQL: told of each pooled connection the server ends (default: a line on stderr). */
  readonly onConnectionError?: (error: Error) => void;
  /**
   * What the databases start from, asked in beforeAll (default: what the global setup provided);
   * for a test of the kit on an application of its own.
   */
  readonly sources?: () => TestDatabaseSources;
}

/** Opens the databases before the file's tests, truncates every table before each test. */
export function useTestDatabases(
  engine: TestEngine,
  options: TestDatabasesOptions = {},
): TestDatabases {
  let opened: { main: OpenedTestDatabase; tracking: OpenedTestDatabase } | undefined;
  const databases: TestDatabases = {
    engine,
    get main() {
      return ready().main.database.db as Kysely<MainDatabase>;
    },
    get tracking() {
      return ready().tracking.database.db as Kysely<TrackingDatabase>;
    },
  };
  function ready() {
    if (!opened) throw new Error('Test databases are used before beforeAll() opened them.');
    return opened;
  }

  beforeAll(async () => {
    const [main, tracking] = await Promise.allSettled([
      openTestDatabase(engine, 'main', options, options.sources?.()),
      openTestDatabase(engine, 'tracking', options, options.sources?.()),
    ]);
    if (main.status === 'fulfilled' && tracking.status === 'fulfilled') {
      opened = { main: main.value, tracking: tracking.value };
      return;
    }
    // afterAll only sees a complete pair: close (and drop) the one that did open, now.
    const results = [main, tracking];
    await Promise.all(
      results.map((result) => (result.status === 'fulfilled' ? result.value.dispose() : undefined)),
    );
    throw results.find((result): result is PromiseRejectedResult => result.status === 'rejected')
      ?.reason;
  });
  beforeEach(async () => {
    await Promise.all([truncateAll(ready().main), truncateAll(ready().tracking)]);
  });
  afterAll(async () => {
    await Promise.all([opened?.main.dispose(), opened?.tracking.dispose()]);
    opened = undefined;
  });
  return databases;
}

interface OpenedTestDatabase {
  readonly database: Database<unknown>;
  tables?: string[];
  /** Closes the database, and drops it (PostgreSQL). */
  dispose(): Promise<void>;
}

/** What test databases start from: the application's migrations, as the global setup ran them. */
export type TestDatabaseSources = Pick<
  TestServices,
  'applicationRoot' | 'pgliteSnapshots' | 'postgresTemplates'
>;

function providedSources(): TestDatabaseSources {
  return {
    applicationRoot: applicationRoot(),
    pgliteSnapshots: inject('pgliteSnapshots'),
    postgresTemplates: inject('postgresTemplates'),
  };
}

/** One migrated database of `target` for a test file, from the global setup's (or `sources`). */
async function openTestDatabase(
  engine: TestEngine,
  target: MigrationTarget,
  options: TestDatabasesOptions = {},
  sources: TestDatabaseSources = providedSources(),
): Promise<OpenedTestDatabase> {
  if (engine === 'pglite') {
    // The global setup migrated one database per target; without it (an application's vitest
    // config that leaves it out), migrate this one.
    const snapshot = sources.pgliteSnapshots?.[target];
    if (snapshot) {
      const database = await openDatabase<unknown>(
        { kind: 'pglite' },
        { pglite: await pgliteStartFrom(snapshot) },
      );
      return { database, dispose: () => database.close() };
    }
    const database = await openDatabase<unknown>({ kind: 'pglite' });
    await migrateUp(
      database.db,
      await applicationMigrationSources(sources.applicationRoot, target),
    );
    return { database, dispose: () => database.close() };
  }
  const name = `geo_test_${target}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${sources.postgresTemplates[target]}`);
  const database = await openDatabase<unknown>(
    { kind: 'postgres', url: postgresUrlFor(name) },
    options.onConnectionError ? { onConnectionError: options.onConnectionError } : {},
  );
  return {
    database,
    dispose: async () => {
      await database.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function truncateAll(opened: OpenedTestDatabase): Promise<void> {
  const db = opened.database.db;
  opened.tables ??= (
    await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT LIKE 'kysely_migration%'`.execute(db)
  ).rows.map((row) => row.table_name);
  if (opened.tables.length === 0) return;
  const list = sql.join(opened.tables.map((table) => sql.table(table)));
  await sql`TRUNCATE ${list} RESTART IDENTITY CASCADE`.execute(db);
}
