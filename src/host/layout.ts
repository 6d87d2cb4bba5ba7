import type { HostConfig } from './config.ts';

/** Where a host keeps the files geo-gen checks and releases, relative to its root. */
export interface HostLayout {
  /** One `<flag>.yml` definition per feature flag. */
  readonly featureFlagsDir: string;
  /** Migrations of the tracking database, where registry tables are created. */
  readonly trackingMigrationsDir: string;
  /** Migrations of the main database. */
  readonly mainMigrationsDir: string;
  /** The "Geo data types support" table that `geo-gen release` adds rows to. */
  readonly dataTypesDoc: string;
}

export const DEFAULT_HOST_LAYOUT: HostLayout = Object.freeze({
  featureFlagsDir: 'config/feature_flags/development',
  trackingMigrationsDir: 'db/geo/migrate',
  mainMigrationsDir: 'db/migrate',
  dataTypesDoc: 'docs/data-types.md',
});

/** The host's layout: geo.config.json's `"layout"` over the defaults (non-empty strings only). */
export function hostLayout(config: HostConfig): HostLayout {
  const configured: unknown = config['layout'];
  const pick = (key: keyof HostLayout): string => {
    const value: unknown =
      typeof configured === 'object' && configured !== null
        ? (configured as Record<string, unknown>)[key]
        : undefined;
    return typeof value === 'string' && value !== '' ? value : DEFAULT_HOST_LAYOUT[key];
  };
  return {
    featureFlagsDir: pick('featureFlagsDir'),
    trackingMigrationsDir: pick('trackingMigrationsDir'),
    mainMigrationsDir: pick('mainMigrationsDir'),
    dataTypesDoc: pick('dataTypesDoc'),
  };
}

/** The host's migration folders, main database first: where a data type's migrations go. */
export function migrationFolders(host: { readonly config: HostConfig }): string[] {
  const layout = hostLayout(host.config);
  return [layout.mainMigrationsDir, layout.trackingMigrationsDir];
}

/**
 * geo-gen's own files in a host, relative to its root: the lock of the run writing it and the
 * journal of the change being written. A dot-folder, so host scans (and so `check`) never see
 * it; it exists only while a run holds the lock or after a run was killed.
 */
export const GENERATOR_FILES = Object.freeze({
  dir: '.geo-gen',
  lock: '.geo-gen/lock',
  journal: '.geo-gen/journal.json',
});
