import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  databaseConfigFrom,
  DatabaseSettingError,
  type DatabaseConfig,
} from '../db/database-config.ts';
import { SiteConfigError } from './site-start-options.ts';

/** How a site process is configured: environment variables, overridable by flags. */
export interface SiteEnvironment {
  /** The host application's root (migrations, feature flag definitions). */
  readonly root: string;
  readonly main: DatabaseConfig;
  readonly tracking: DatabaseConfig;
  /** How error lines name each database's setting: `--database (GEO_MAIN_DATABASE)`. */
  readonly settings: { readonly main: string; readonly tracking: string };
}

const DATABASE_ENV = { main: 'GEO_MAIN_DATABASE', tracking: 'GEO_TRACKING_DATABASE' } as const;

/**
 * `GEO_MAIN_DATABASE` / `GEO_TRACKING_DATABASE`: a `postgres://` URL, a directory for PGlite, or
 * unset for PGlite in memory (gone when the process ends).
 */
export function siteEnvironment(
  env: NodeJS.ProcessEnv,
  overrides: { root?: string; main?: string; tracking?: string } = {},
): SiteEnvironment {
  // `--database` sets the main database, or the tracking one with `--tracking`.
  const setting = (target: 'main' | 'tracking') =>
    overrides[target] === undefined ? DATABASE_ENV[target] : `--database (${DATABASE_ENV[target]})`;
  const database = (target: 'main' | 'tracking') => {
    try {
      return databaseConfigFrom(overrides[target] ?? env[DATABASE_ENV[target]]);
    } catch (error) {
      if (error instanceof DatabaseSettingError) {
        throw new SiteConfigError(`${setting(target)} ${error.problem}`);
      }
      throw error;
    }
  };
  const givenRoot = overrides.root ?? env['GEO_ROOT'];
  if (givenRoot !== undefined && !isDirectory(givenRoot)) {
    throw new SiteConfigError(
      `--root (GEO_ROOT) must be the host application's directory (with geo.config.json); got ${JSON.stringify(givenRoot)}.`,
    );
  }
  return {
    root: resolve(givenRoot ?? findHostRoot(process.cwd())),
    main: database('main'),
    tracking: database('tracking'),
    settings: { main: setting('main'), tracking: setting('tracking') },
  };
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
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
