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
