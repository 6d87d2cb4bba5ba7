import type { PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { lockDataDir } from './data-dir-lock.ts';
import type { DatabaseConfig } from './database-config.ts';
import { mainDatabaseReaderUrl } from './reader-role.ts';
import { readOnlyMainDatabase } from './read-only-session.ts';

/** PostgreSQL type ids whose text form we parse the same way on both engines. */
const INT8 = 20;
const NUMERIC = 1700;

export interface OpenDatabaseOptions {
  /**
   * Reject every write (a secondary's view of the primary's main database), in the database
   * itself: PostgreSQL is reached as the reader role (`geo_readonly`, SELECT only) and PGlite runs
   * each use of its session as one READ ONLY transaction as that role; statements that could
   * loosen the session are refused, and Kysely refuses write queries before they are sent. Checked
   * at open: a session that could write is an error (`readOnlyMainDatabase`).
   */
  readonly readOnly?: boolean;
  /**
   * PostgreSQL: called once for each pooled connection the server ends (a restart, a failover,
   * `pg_terminate_backend`). The process keeps running: the pool drops that connection and opens
   * a new one for the next query; a query in flight on it fails. Default: one line on stderr.
   */
  readonly onConnectionError?: (error: Error) => void;
  /** PGlite: ways to start faster (tests open hundreds of instances). */
  readonly pglite?: PGliteStartOptions;
}

export interface PGliteStartOptions {
  /**
   * Start from this data directory (a `dumpDataDir()` tarball) rather than an empty one: tests
   * load one migrated snapshot instead of running initdb and the migrations for each database.
   */
  readonly loadDataDir?: Blob;
  /** `pglite.wasm`, compiled once and shared by the instances of a process. */
  readonly wasmModule?: PGliteOptions['pgliteWasmModule'];
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
  const { dialect, closeDriver } = await createDialect(config, options);
  const db = new Kysely<DB>({ dialect });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= db.destroy().then(closeDriver));
  if (!options.readOnly) return { db, config, close };
  try {
    return { db: await readOnlyMainDatabase(db, config.kind), config, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function createDialect(
  config: DatabaseConfig,
  options: OpenDatabaseOptions,
): Promise<{ dialect: Dialect; closeDriver: () => Promise<void> }> {
  const readOnly = options.readOnly ?? false;
  if (config.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const toNumber = (value: string) => Number(value);
    const pool = new pg.Pool({
      connectionString: readOnly ? mainDatabaseReaderUrl(config.url) : config.url,
      max: 10,
      // Every session of the pool refuses writes, server side (its role cannot write anyway).
      ...(readOnly && { options: '-c default_transaction_read_only=on' }),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 || oid === NUMERIC
            ? toNumber
            : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    });
    const report = options.onConnectionError ?? reportLostConnection;
    // An 'error' event nobody listens to crashes the process. Each client gets a listener of its
    // own, since pg-pool listens only while a client is idle: one checked out between two queries
    // (a transaction) errors too. pg-pool then drops the broken client (found idle, or released).
    pool.on('connect', (client) => {
      let reported = false;
      client.on('error', (error) => {
        // pg emits a second error ("Connection terminated unexpectedly") as the socket closes.
        if (reported) return;
        reported = true;
        report(error);
      });
    });
    // The pool re-emits an idle client's error, which the client's own listener has reported.
    pool.on('error', () => {});
    // Kysely's destroy() ends the pool itself.
    return { dialect: new PostgresDialect({ pool }), closeDriver: async () => {} };
  }
  // One instance per directory, across processes and within this one (the lock creates it).
  const lock = config.dataDir ? await lockDataDir(config.dataDir) : undefined;
  const { PGlite, types } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const pglite = await PGlite.create({
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    ...(options.pglite?.loadDataDir && { loadDataDir: options.pglite.loadDataDir }),
    ...(options.pglite?.wasmModule && { pgliteWasmModule: options.pglite.wasmModule }),
    parsers: { [types.INT8]: Number, [types.NUMERIC]: Number },
  }).catch(async (error: unknown) => {
    await lock?.release();
    throw error;
  });
  // PGlite is one session: setting it once covers every query.
  if (readOnly) await pglite.exec('SET default_transaction_read_only = on');
  return {
    dialect: new PGliteDialect(pglite),
    closeDriver: async () => {
      if (!pglite.closed) await pglite.close();
      await lock?.release();
    },
  };
}

function reportLostConnection(error: Error): void {
  process.stderr.write(
    `PostgreSQL connection lost (${error.message}); the next query opens a new one.\n`,
  );
}
