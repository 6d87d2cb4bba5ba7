import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { databaseConfigFrom, type DatabaseConfig } from '../db/database-config.ts';

/** How a site process is configured: environment variables, overridable by flags. */
export interface SiteEnvironment {
  /** The host application's root (migrations, feature flag definitions). */
  readonly root: string;
  readonly main: DatabaseConfig;
  readonly tracking: DatabaseConfig;
}

/**
 * `GEO_MAIN_DATABASE` / `GEO_TRACKING_DATABASE`: a `postgres://` URL, a directory for PGlite, or
 * unset for PGlite in memory (gone when the process ends).
 */
export function siteEnvironment(
  env: NodeJS.ProcessEnv,
  overrides: { root?: string; main?: string; tracking?: string } = {},
): SiteEnvironment {
  return {
    root: resolve(overrides.root ?? env['GEO_ROOT'] ?? findHostRoot(process.cwd())),
    main: databaseConfigFrom(overrides.main ?? env['GEO_MAIN_DATABASE']),
    tracking: databaseConfigFrom(overrides.tracking ?? env['GEO_TRACKING_DATABASE']),
  };
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'postgres') {
    const url = new URL(config.url);
    url.password = url.password ? '***' : '';
    return `PostgreSQL ${url.toString()}`;
  }
  return config.dataDir ? `PGlite in ${config.dataDir}` : 'PGlite in memory';
}

/** The nearest folder at or above `from` with a `geo.config.json`, or its `runtime/` child. */
export function findHostRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'geo.config.json'))) return dir;
    if (existsSync(join(dir, 'runtime', 'geo.config.json'))) return join(dir, 'runtime');
    if (dirname(dir) === dir) return resolve(from);
  }
}
