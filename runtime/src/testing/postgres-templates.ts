import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../db/open-database.ts';
import { migrateUp, type MigrationTarget } from '../db/migrations.ts';
import { applicationMigrationSources } from './application-sources.ts';
import { POSTGRES_ADMIN_URL, postgresUrlFor } from './services.ts';

/** The runtime package's root, which is also this repository's host application. */
export const RUNTIME_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type TemplateDatabases = Readonly<Record<MigrationTarget, string>>;

/** Per test run (the global setup's pid), so runs of several checkouts at once never collide. */
export function templateDatabaseNames(runId: string | number = process.pid): TemplateDatabases {
  return {
    main: `geo_test_template_main_${runId}`,
    tracking: `geo_test_template_tracking_${runId}`,
  };
}

/** Runs one statement on the server's admin database, on a connection of its own. */
export async function adminQuery(statement: string): Promise<void> {
  await adminSelect(statement);
}

/** Like adminQuery, and returns the statement's rows. */
export async function adminSelect<Row extends pg.QueryResultRow = Record<string, unknown>>(
  statement: string,
): Promise<Row[]> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    return (await client.query<Row>(statement)).rows;
  } finally {
    await client.end();
  }
}

/**
 * (Re)creates one template database per target, with the framework's migrations and those of the
 * application at `root`, so test databases are cheap clones.
 */
export async function prepareTemplateDatabases(
  templates: TemplateDatabases,
  root: string,
): Promise<void> {
  for (const [target, name] of Object.entries(templates) as [MigrationTarget, string][]) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${name}`);
    const database = await openDatabase<unknown>({ kind: 'postgres', url: postgresUrlFor(name) });
    try {
      await migrateUp(database.db, await applicationMigrationSources(root, target));
    } finally {
      await database.close();
    }
  }
}

export async function dropTemplateDatabases(templates: TemplateDatabases): Promise<void> {
  for (const name of Object.values(templates))
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
