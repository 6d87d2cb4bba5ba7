import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { ReadOnlySessionError } from './errors.ts';
import { MAIN_DATABASE_READER, WritableMainDatabaseError } from './reader-role.ts';
import { readOnlyMainDatabase, readOnlyView } from './read-only-session.ts';

async function failure(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describeOnEachEngine('a read-only view of the primary’s own connection', (databases) => {
  it('cannot write, waits for the primary’s transaction, and leaves the primary’s session as it was', async () => {
    const sessionOf = async () =>
      (
        await sql<{ role: string; read_only: string }>`
          SELECT current_user AS role, current_setting('transaction_read_only') AS read_only
        `.execute(databases.main)
      ).rows;
    const primarySession = await sessionOf();
    // The demo's secondary shares the primary's in-memory database, so its view shares the session.
    const view = readOnlyView(databases.main, {
      kind: 'read-only-transaction',
      role: MAIN_DATABASE_READER,
    });
    let read: Promise<{ path: string }[]> | undefined;
    let write: Promise<string | undefined> | undefined;
    await databases.main.transaction().execute(async (trx) => {
      await trx.insertInto('namespaces').values({ name: 'primary', path: 'primary' }).execute();
      // Both wait for the primary's transaction: they must not run inside it, nor end it.
      read = view.selectFrom('namespaces').select('path').execute();
      write = failure(() =>
        sql`WITH added AS (INSERT INTO namespaces (name, path) VALUES ('x', 'x') RETURNING id) SELECT id FROM added`.execute(
          view,
        ),
      );
      await trx.insertInto('namespaces').values({ name: 'later', path: 'later' }).execute();
    });
    expect(await read).toEqual([{ path: 'primary' }, { path: 'later' }]);
    expect(await write).toMatch(/cannot execute SELECT in a read-only transaction/);
    await expect(sql`RESET ALL`.execute(view)).rejects.toThrow(ReadOnlySessionError);
    await expect(sql`SELECT * FROM nowhere`.execute(view)).rejects.toThrow(/nowhere/);

    expect(await sessionOf()).toEqual(primarySession);
    expect(primarySession[0]?.read_only).toBe('off');
    await databases.main
      .insertInto('namespaces')
      .values({ name: 'after', path: 'after' })
      .execute();
    const viewed = await sql<{ role: string }>`SELECT current_user AS role`.execute(view);
    expect(viewed.rows).toEqual([{ role: MAIN_DATABASE_READER }]);
    expect(
      (await databases.main.selectFrom('namespaces').select('path').orderBy('id').execute()).map(
        (row) => row.path,
      ),
    ).toEqual(['primary', 'later', 'after']);
  });

  it('is refused as a secondary’s main database when the connection could write', async () => {
    if (databases.engine === 'pglite') {
      // PGlite's session runs every use as the reader: the same connection is fine.
      const view = await readOnlyMainDatabase(databases.main, 'pglite');
      expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(view)).rows).toEqual([
        { one: 1 },
      ]);
      return;
    }
    // PostgreSQL must log in as the reader: the tests' connection is a superuser's.
    await expect(readOnlyMainDatabase(databases.main, 'postgres')).rejects.toThrow(
      WritableMainDatabaseError,
    );
    await expect(readOnlyMainDatabase(databases.main, 'postgres')).rejects.toThrow(
      /^The main database lets this secondary write \(its role \w+ is a superuser\)/,
    );
  });
});
