/**
 * Where a database lives. The embedded default needs no server: PGlite, in memory or in a
 * directory (so a site survives a restart). At scale, PostgreSQL through `pg`.
 */
export type DatabaseConfig =
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** A database setting that is neither a PostgreSQL URL nor a directory path. */
export class DatabaseSettingError extends Error {
  override readonly name = 'DatabaseSettingError';
  /** What is wrong, to follow the setting's name: "must be … ; got …". */
  readonly problem: string;

  constructor(problem: string) {
    super(`The database setting ${problem}`);
    this.problem = problem;
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
/** `pg:`, `postgress://`, `mysql://`: a scheme (two letters at least: `C:` is a drive). */
const ANY_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/**
 * Reads `postgres://…` / `postgresql://…` URLs as PostgreSQL, other paths as a PGlite data
 * directory, nothing (or `memory`) as PGlite in memory. Anything else that looks like a URL is a
 * typo, refused: read as a path, it would create a directory named after the scheme.
 */
export function databaseConfigFrom(value: string | undefined): DatabaseConfig {
  if (value === undefined || value === '' || value === 'memory') return { kind: 'pglite' };
  if (POSTGRES_URL.test(value)) {
    if (!URL.canParse(value)) {
      throw new DatabaseSettingError(
        `is not a valid PostgreSQL URL (postgres://user:password@host:port/database); got ${JSON.stringify(redactPassword(value))}.`,
      );
    }
    return { kind: 'postgres', url: value };
  }
  if (ANY_SCHEME.test(value)) {
    throw new DatabaseSettingError(
      `must be a postgres:// or postgresql:// URL, or a directory path for PGlite; got ${JSON.stringify(redactPassword(value))}.`,
    );
  }
  return { kind: 'pglite', dataDir: value };
}

/** `scheme://user:secret@host` → `scheme://user:***@host`: error lines end up in logs. */
function redactPassword(value: string): string {
  return value.replace(/^([^:/]+:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}
