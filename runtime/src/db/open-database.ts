import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, type Dialect, type KyselyPlugin } from 'kysely';
import type { DatabaseConfig } from './database-config.ts';
import { ReadOnlyPlugin } from './read-only-plugin.ts';

/** PostgreSQL type ids whose text form we parse the same way on both engines. */
const INT8 = 20;
const NUMERIC = 1700;

export interface OpenDatabaseOptions {
  /**
   * Reject every write (a secondary's view of the primary's main database): Kysely refuses write
   * queries before they are sent, and the session itself is read-only
   * (`default_transaction_read_only`), so raw SQL that slips past the first check fails in the
   * database, as it would on a streaming replica.
   */
  readonly readOnly?: boolean;
}

/** A Kysely instance and the driver behind it, closed together (idempotent). */
export interface Database<DB> {
  readonly db: Kysely<DB>;
  readonly config: DatabaseConfig;
  close(): Promise<void>;
}

/**
 * Opens a database on either engine. Both return `bigint`/`numeric` as JS numbers (ids and counts
 * stay well below 2^53), `bytea` as `Uint8Array`, timestamps as `Date`, `jsonb` as objects.
 * Drivers are imported lazily so that PostgreSQL users never load the WASM build and vice versa.
 */
export async function openDatabase<DB>(
  config: DatabaseConfig,
  options: OpenDatabaseOptions = {},
): Promise<Database<DB>> {
  const { dialect, closeDriver } = await createDialect(config, options.readOnly ?? false);
  const plugins: KyselyPlugin[] = options.readOnly ? [new ReadOnlyPlugin()] : [];
  const db = new Kysely<DB>({ dialect, plugins });
  let closing: Promise<void> | undefined;
  return {
    db,
    config,
    close: () => (closing ??= db.destroy().then(closeDriver)),
  };
}

async function createDialect(
  config: DatabaseConfig,
  readOnly: boolean,
): Promise<{ dialect: Dialect; closeDriver: () => Promise<void> }> {
  if (config.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const toNumber = (value: string) => Number(value);
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 10,
      // Every session of the pool refuses writes, server side.
      ...(readOnly && { options: '-c default_transaction_read_only=on' }),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 || oid === NUMERIC
            ? toNumber
            : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // Kysely's destroy() ends the pool itself.
    return { dialect: new PostgresDialect({ pool }), closeDriver: async () => {} };
  }
  // PGlite creates the data directory itself, but not its parents.
  if (config.dataDir) await mkdir(dirname(resolve(config.dataDir)), { recursive: true });
  const { PGlite, types } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const pglite = await PGlite.create({
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    parsers: { [types.INT8]: Number, [types.NUMERIC]: Number },
  });
  // PGlite is one session: setting it once covers every query.
  if (readOnly) await pglite.exec('SET default_transaction_read_only = on');
  return {
    dialect: new PGliteDialect(pglite),
    closeDriver: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}
