/**
 * The external services some tests need. On a developer's machine without them those tests are
 * reported as not run; CI sets GEO_REQUIRE_SERVICES=1 (or CI=true), which makes them required.
 */
export const POSTGRES_ADMIN_URL =
  process.env['GEO_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env['GEO_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export function servicesRequired(): boolean {
  const flag = process.env['GEO_REQUIRE_SERVICES'] ?? process.env['CI'];
  return flag !== undefined && flag !== '' && flag !== '0' && flag !== 'false';
}

/** Replaces the database name of a PostgreSQL URL. */
export function postgresUrlFor(database: string, adminUrl = POSTGRES_ADMIN_URL): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export const TEST_ENGINES = ['pglite', 'postgres'] as const;
export type TestEngine = (typeof TEST_ENGINES)[number];

/** The engines this run covers: all, or those listed in GEO_TEST_ENGINES (e.g. `pglite`). */
export function selectedEngines(env: NodeJS.ProcessEnv = process.env): readonly TestEngine[] {
  const listed = env['GEO_TEST_ENGINES']
    ?.split(',')
    .map((engine) => engine.trim())
    .filter(Boolean);
  if (!listed || listed.length === 0) return TEST_ENGINES;
  const unknown = listed.filter((engine) => !(TEST_ENGINES as readonly string[]).includes(engine));
  if (unknown.length > 0) {
    throw new Error(
      `GEO_TEST_ENGINES lists unknown engines ${unknown.join(', ')}; use ${TEST_ENGINES.join(', ')}.`,
    );
  }
  return TEST_ENGINES.filter((engine) => listed.includes(engine));
}
