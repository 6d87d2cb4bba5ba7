import { sql, type Kysely } from 'kysely';

/**
 * The role a secondary reads the primary's main database as. It may only `SELECT` (and use the
 * schema), so no statement of the secondary can write, whatever it does to its session. The main
 * database's migrations create it (`grantMainDatabaseReader`); it is the one place the name is set.
 */
export const MAIN_DATABASE_READER = 'geo_readonly';

/** The role a secondary reads the main database as is missing, or the server refused it. */
export class MainDatabaseReaderMissingError extends Error {
  override readonly name = 'MainDatabaseReaderMissingError';
  constructor(readonly detail: string) {
    super(
      `A secondary reads the main database as the role ${MAIN_DATABASE_READER}, which the server ` +
        `refused (${detail}): run geo-runtime db:migrate on the primary to create it, and give ` +
        `it a password in ~/.pgpass or the URL if the server asks for one.`,
    );
  }
}

/** A secondary's main-database session could write; the site refuses to start. */
export class WritableMainDatabaseError extends Error {
  override readonly name = 'WritableMainDatabaseError';
  constructor(
    readonly role: string,
    readonly reason: string,
  ) {
    super(
      `The main database lets this secondary write (its role ${role} ${reason}): connect a ` +
        `secondary as a role with only SELECT (geo-runtime db:migrate on the primary creates ` +
        `${MAIN_DATABASE_READER}), or to a streaming replica.`,
    );
  }
}

/** PostgreSQL error codes meaning "no such role" (at login, and for `SET ROLE`). */
const NO_SUCH_ROLE = new Set(['28000', '22023']);
/** A password was needed or wrong. */
const AUTHENTICATION_FAILED = '28P01';

/**
 * Creates the reader role when the server has none, and lets it read this database: `USAGE` on
 * the schema, `SELECT` on its tables, and by default on the tables later migrations create.
 * Roles belong to the whole server, so several databases may be migrated at once: a role created
 * meanwhile by another migration counts as created. Grants belong to this database.
 */
export async function grantMainDatabaseReader<DB>(db: Kysely<DB>): Promise<void> {
  const reader = sql.lit(MAIN_DATABASE_READER);
  await sql`
    DO $$
    DECLARE
      reader text := ${reader};
      schema text := current_schema();
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = reader) THEN
        BEGIN
          EXECUTE format(
            'CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
            reader
          );
        EXCEPTION
          WHEN duplicate_object OR unique_violation THEN
            NULL; -- created by a migration of another database of this server meanwhile
          WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'cannot create the role % for secondaries: ask a superuser to run CREATE ROLE % LOGIN, then run db:migrate again', reader, reader;
        END;
      END IF;
      EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema, reader);
      EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', schema, reader);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I', schema, reader);
    END
    $$
  `.execute(db);
}

/** Undoes this database's grants; the role stays, since other databases of the server may use it. */
export async function revokeMainDatabaseReader<DB>(db: Kysely<DB>): Promise<void> {
  const reader = sql.lit(MAIN_DATABASE_READER);
  await sql`
    DO $$
    DECLARE
      reader text := ${reader};
      schema text := current_schema();
    BEGIN
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = reader) THEN
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT ON TABLES FROM %I', schema, reader);
        EXECUTE format('REVOKE SELECT ON ALL TABLES IN SCHEMA %I FROM %I', schema, reader);
        EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM %I', schema, reader);
      END IF;
    END
    $$
  `.execute(db);
}

/**
 * The URL a secondary connects to the main database with: the configured one as the reader role.
 * A URL that already names the reader keeps its password; another user's password is dropped
 * (the reader's comes from the server's trust rules or `~/.pgpass`).
 */
export function mainDatabaseReaderUrl(configured: string): string {
  const url = new URL(configured);
  // libpq-style parameters would override the user of the URL.
  url.searchParams.delete('user');
  if (decodeURIComponent(url.username) !== MAIN_DATABASE_READER) {
    url.username = MAIN_DATABASE_READER;
    url.password = '';
    url.searchParams.delete('password');
  }
  return url.toString();
}

interface WriteAccess {
  readonly role: string;
  readonly in_recovery: boolean;
  readonly superuser: boolean;
  readonly writable_table: string | null;
  readonly writable_sequence: string | null;
  readonly creatable_schema: string | null;
  readonly creates_schemas: boolean;
  readonly member_of: string | null;
}

/** Built-in roles that only read: a reader may belong to them. */
const READING_ROLES = [
  'pg_read_all_data',
  'pg_read_all_settings',
  'pg_read_all_stats',
  'pg_stat_scan_tables',
  'pg_monitor',
];

/**
 * Checks, before a secondary starts, that its main-database session cannot write: the server is
 * a streaming replica (in recovery), or the session's role is no superuser, belongs to no role
 * that could write, and may not insert, update, delete or truncate any table, advance any
 * sequence or create anything. Throws one error saying which.
 */
export async function verifyMainDatabaseReadOnly<DB>(db: Kysely<DB>): Promise<void> {
  let access: WriteAccess | undefined;
  try {
    const namespace = sql`pg_namespace n ON n.oid = c.relnamespace`;
    const userSchemas = sql`n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'`;
    const result = await sql<WriteAccess>`
      SELECT
        current_user AS role,
        pg_is_in_recovery() AS in_recovery,
        current_setting('is_superuser') = 'on' AS superuser,
        (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN ${namespace}
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${userSchemas}
            AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')
              OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE'))
          ORDER BY 1 LIMIT 1) AS writable_table,
        (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN ${namespace}
          WHERE c.relkind = 'S' AND ${userSchemas}
            AND (has_sequence_privilege(c.oid, 'USAGE') OR has_sequence_privilege(c.oid, 'UPDATE'))
          ORDER BY 1 LIMIT 1) AS writable_sequence,
        (SELECT format('%I', n.nspname) FROM pg_namespace n
          WHERE ${userSchemas} AND has_schema_privilege(n.oid, 'CREATE')
          ORDER BY 1 LIMIT 1) AS creatable_schema,
        has_database_privilege(current_database(), 'CREATE') AS creates_schemas,
        (SELECT r.rolname::text FROM pg_roles r
          WHERE r.rolname <> current_user AND pg_has_role(current_user, r.oid, 'MEMBER')
            AND r.rolname NOT IN (${sql.join(READING_ROLES)})
          ORDER BY 1 LIMIT 1) AS member_of
    `.execute(db);
    access = result.rows[0];
  } catch (error) {
    const code = codeOf(error);
    if (code !== undefined && (NO_SUCH_ROLE.has(code) || code === AUTHENTICATION_FAILED)) {
      throw new MainDatabaseReaderMissingError(messageOf(error));
    }
    throw error;
  }
  if (access === undefined || access.in_recovery) return;
  const reason = writeReason(access);
  if (reason !== undefined) throw new WritableMainDatabaseError(access.role, reason);
}

function writeReason(access: WriteAccess): string | undefined {
  if (access.superuser) return 'is a superuser';
  if (access.member_of !== null) return `belongs to the role ${access.member_of}`;
  if (access.writable_table !== null) return `may write to the table ${access.writable_table}`;
  if (access.writable_sequence !== null)
    return `may advance the sequence ${access.writable_sequence}`;
  if (access.creatable_schema !== null)
    return `may create objects in the schema ${access.creatable_schema}`;
  if (access.creates_schemas) return 'may create schemas in the database';
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
