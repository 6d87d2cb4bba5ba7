/**
 * Where a database lives. The embedded default needs no server: PGlite, in memory or in a
 * directory (so a site survives a restart). At scale, PostgreSQL through `pg`.
 */
export type DatabaseConfig =
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** Reads `postgres://…` URLs as PostgreSQL and anything else as a PGlite data directory. */
export function databaseConfigFrom(value: string | undefined): DatabaseConfig {
  if (value === undefined || value === '' || value === 'memory') return { kind: 'pglite' };
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  return { kind: 'pglite', dataDir: value };
}
