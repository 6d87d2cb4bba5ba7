import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { DatabaseConfig } from './database-config.ts';
import { ReadOnlySessionError } from './errors.ts';
import { MAIN_DATABASE_READER, verifyMainDatabaseReadOnly } from './reader-role.ts';
import { ReadOnlyPlugin } from './read-only-plugin.ts';
import { readOnlyStatementRefusal } from './read-only-statement.ts';

/** How a guarded session keeps the database from being written, in the database itself. */
export type ReadOnlySession =
  /**
   * The connection logged in as a role that may only read (PostgreSQL, as the main database's
   * reader): nothing a statement does to the session gives it more rights.
   */
  | { readonly kind: 'reader-login' }
  /**
   * Each use of the connection is one `READ ONLY` transaction, as `role`, rolled back when it
   * ends. For PGlite, whose one session is a superuser's and may be the primary's too (the demo):
   * once the transaction has run a query, nothing can make it read-write.
   */
  | { readonly kind: 'read-only-transaction'; readonly role: string };

/**
 * A view of `db` that cannot write, sharing its connections (a PGlite instance's one session is
 * serialised with the primary's queries). Statements that could end or loosen the read-only
 * session (`SET`, `RESET`, `BEGIN`, `COMMIT`, `set_config()`, two statements…) are refused with a
 * `ReadOnlySessionError` before they reach the database. Destroying the view leaves `db` open.
 */
export function readOnlyView<DB>(db: Kysely<DB>, session: ReadOnlySession): Kysely<DB> {
  const driver = new ReadOnlySessionDriver(db, session);
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new PostgresQueryCompiler(),
      createIntrospector: (view) => new PostgresIntrospector(view),
    },
  });
}

class ReadOnlySessionDriver<DB> implements Driver {
  readonly #leases = new WeakMap<DatabaseConnection, Lease<DB>>();

  constructor(
    private readonly inner: Kysely<DB>,
    private readonly session: ReadOnlySession,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const lease = await Lease.take(this.inner, this.session);
    this.#leases.set(lease.connection, lease);
    return lease.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await this.#lease(connection).begin(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#lease(connection).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#lease(connection).end('rollback');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = this.#lease(connection);
    this.#leases.delete(connection);
    await lease.release();
  }

  /** The wrapped database belongs to whoever made the view. */
  async destroy(): Promise<void> {}

  #lease(connection: DatabaseConnection): Lease<DB> {
    const lease = this.#leases.get(connection);
    if (!lease) throw new Error('This connection was not acquired from this read-only view.');
    return lease;
  }
}

/** Whether the lease's connection is inside a transaction it opened, and whose. */
type TransactionState = 'none' | 'implicit' | 'explicit';

/** One connection of `inner`, held from acquire to release, and how its session is guarded. */
class Lease<DB> {
  #state: TransactionState = 'none';

  private constructor(
    private readonly conn: Kysely<DB>,
    private readonly session: ReadOnlySession,
    private readonly finish: () => Promise<void>,
  ) {}

  /** Holds one connection of `inner` (Kysely's `connection()`) until `release()`. */
  static take<DB>(inner: Kysely<DB>, session: ReadOnlySession): Promise<Lease<DB>> {
    return new Promise((resolve, reject) => {
      let released: () => void = () => {};
      const done = new Promise<void>((resolveDone) => (released = resolveDone));
      const held = inner.connection().execute(async (conn) => {
        const lease = new Lease(conn, session, async () => {
          released();
          await held;
        });
        resolve(lease);
        await done;
        await lease.#close();
      });
      held.catch(reject);
    });
  }

  readonly connection: DatabaseConnection = {
    executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => this.#execute<R>(query),
    streamQuery: <R>(query: CompiledQuery, chunkSize = 100) => this.#stream<R>(query, chunkSize),
  };

  async begin(settings: TransactionSettings): Promise<void> {
    if (settings.accessMode === 'read write') {
      throw new ReadOnlySessionError('a READ WRITE transaction');
    }
    if (this.#state !== 'none') await this.#close();
    await this.#open(settings);
    this.#state = 'explicit';
  }

  /** A read-only transaction changed nothing: committing it is rolling it back. */
  async end(how: 'commit' | 'rollback'): Promise<void> {
    if (this.session.kind === 'reader-login' && how === 'commit') {
      await sql`COMMIT`.execute(this.conn);
      this.#state = 'none';
    } else await this.#close();
  }

  release(): Promise<void> {
    return this.finish();
  }

  async #execute<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const refusal = readOnlyStatementRefusal(query.sql);
    if (refusal !== undefined) throw new ReadOnlySessionError(refusal);
    if (this.#state === 'none' && this.session.kind === 'read-only-transaction') {
      await this.#open({});
      this.#state = 'implicit';
    }
    return await this.conn.executeQuery<R>(query);
  }

  async *#stream<R>(
    query: CompiledQuery,
    chunkSize: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.#execute<R>(query);
    for (let start = 0; start < rows.length; start += chunkSize) {
      yield { rows: rows.slice(start, start + chunkSize) };
    }
  }

  async #open(settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel
      ? sql` ISOLATION LEVEL ${sql.raw(settings.isolationLevel.toUpperCase())}`
      : sql``;
    await sql`BEGIN${isolation} READ ONLY`.execute(this.conn);
    if (this.session.kind !== 'read-only-transaction') return;
    try {
      // Not SET SESSION AUTHORIZATION: PGlite keeps it after the transaction ends.
      await sql`SET LOCAL ROLE ${sql.id(this.session.role)}`.execute(this.conn);
      // A query fixes the transaction's snapshot: from now on it cannot be made read-write.
      await sql`SELECT 1`.execute(this.conn);
    } catch (error) {
      await sql`ROLLBACK`.execute(this.conn);
      throw error;
    }
  }

  async #close(): Promise<void> {
    if (this.#state === 'none') return;
    this.#state = 'none';
    await sql`ROLLBACK`.execute(this.conn);
  }
}

/**
 * A secondary's view of the primary's main database `db`, for its engine: PostgreSQL as the
 * reader login (`db` must connect as it), PGlite as a READ ONLY transaction per use as the reader.
 * Kysely's write queries fail early (`ReadOnlyPlugin`). Throws when the session could still write.
 */
export async function readOnlyMainDatabase<DB>(
  db: Kysely<DB>,
  engine: DatabaseConfig['kind'],
): Promise<Kysely<DB>> {
  const view = readOnlyView(
    db,
    engine === 'postgres'
      ? { kind: 'reader-login' }
      : { kind: 'read-only-transaction', role: MAIN_DATABASE_READER },
  ).withPlugin(new ReadOnlyPlugin());
  await verifyMainDatabaseReadOnly(view);
  return view;
}
