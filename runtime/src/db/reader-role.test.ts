import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminQuery, adminSelect } from '../testing/postgres-templates.ts';
import { postgresUrlFor } from '../testing/services.ts';
import type { MainDatabase } from './main-database.ts';
import { openDatabase } from './open-database.ts';
import {
  grantMainDatabaseReader,
  MAIN_DATABASE_READER,
  mainDatabaseReaderUrl,
} from './reader-role.ts';

describe('mainDatabaseReaderUrl', () => {
  it('logs in as the reader, dropping another user’s password', () => {
    expect(
      mainDatabaseReaderUrl('postgres://gitlab:secret@db.internal:5432/geo?sslmode=require'),
    ).toBe(`postgres://${MAIN_DATABASE_READER}@db.internal:5432/geo?sslmode=require`);
    expect(mainDatabaseReaderUrl('postgresql://db/geo?user=gitlab&password=secret')).toBe(
      `postgresql://${MAIN_DATABASE_READER}@db/geo`,
    );
  });

  it('keeps the URL of the reader itself, password included', () => {
    const url = `postgres://${MAIN_DATABASE_READER}:its-own@db/geo`;
    expect(mainDatabaseReaderUrl(url)).toBe(url);
  });
});

const postgresUnavailable = inject('postgresUnavailable');

describe.skipIf(postgresUnavailable !== null)('the reader role [postgres]', () => {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const name = `geo_test_reader_${suffix}`;
  const other = `geo_test_reader_other_${suffix}`;
  const namespaces = async () => {
    const database = await openDatabase<MainDatabase>({
      kind: 'postgres',
      url: postgresUrlFor(name),
    });
    try {
      return await database.db.selectFrom('namespaces').select('path').execute();
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    const template = inject('postgresTemplates').main;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await adminQuery(`CREATE DATABASE ${other}`);
  });
  afterAll(async () => {
    for (const database of [name, other]) {
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  });

  it('cannot write on its own, whatever its session does: no guard, no read-only default', async () => {
    // A plain client sends each text as one simple query, several statements at once.
    const client = new pg.Client({ connectionString: mainDatabaseReaderUrl(postgresUrlFor(name)) });
    await client.connect();
    const insert = `INSERT INTO namespaces (name, path) VALUES ('intruder', 'intruder')`;
    const outcomes: (string | undefined)[] = [];
    try {
      for (const statement of [
        insert,
        `WITH added AS (${insert} RETURNING id) SELECT id FROM added`,
        `SET TRANSACTION READ WRITE; ${insert}`,
        `RESET ALL; ${insert}`,
        `SET ROLE postgres`,
        `SET SESSION AUTHORIZATION postgres`,
        `SELECT set_config('role', 'postgres', false)`,
        `BEGIN READ WRITE; ${insert}; COMMIT`,
        `CREATE TABLE intruders (id int)`,
        `SELECT nextval('namespaces_id_seq')`,
        `SELECT * FROM namespaces FOR UPDATE`,
        `TRUNCATE namespaces`,
      ]) {
        outcomes.push(
          await client.query(statement).then(
            () => undefined,
            (error: Error) => error.message,
          ),
        );
        await client.query('ROLLBACK'); // ends the transaction a failed BEGIN left open
      }
    } finally {
      await client.end();
    }
    expect(outcomes).toEqual(outcomes.map(() => expect.stringMatching(/^permission denied/)));
    expect(await namespaces()).toEqual([]);
  });

  it('is created once per server and granted per database, again and in two databases at once', async () => {
    const databases = await Promise.all(
      [name, other].map((database) =>
        openDatabase<unknown>({ kind: 'postgres', url: postgresUrlFor(database) }),
      ),
    );
    try {
      await Promise.all(databases.map((database) => grantMainDatabaseReader(database.db)));
    } finally {
      await Promise.all(databases.map((database) => database.close()));
    }
    const roles = await adminSelect<{ count: string }>(
      `SELECT count(*) FROM pg_roles WHERE rolname = '${MAIN_DATABASE_READER}'`,
    );
    expect(roles).toEqual([{ count: '1' }]);
  });
});
