import { posix } from 'node:path';

/**
 * The defaults of geo.config.json: the one place they live. geo-gen and geo-runtime both read
 * them from here (through the schema's loader, or directly where no configuration is read).
 * Node builtins only, so the runtime's migration and feature flag modules can use them for free.
 */

/** The file that marks a host application's root and configures it. */
export const GEO_CONFIG_FILE = 'geo.config.json';

export const DEFAULT_RUNTIME_PACKAGE = 'geo-runtime';

/** The extensions generated code may use in relative imports. */
export const IMPORT_EXTENSIONS = ['.ts', '.js'] as const;
export type ImportExtension = (typeof IMPORT_EXTENSIONS)[number];
export const DEFAULT_IMPORT_EXTENSION: ImportExtension = '.ts';

/** Where a host keeps the files geo-gen writes and scans, relative to its root. */
export interface GeoLayout {
  /** models/, replicators/, registries/, factories/, finders/, graphql/, uploaders/. */
  readonly appDir: string;
  /** One `<flag>.yml` definition per feature flag. */
  readonly featureFlagsDir: string;
  /** Migrations of the main database. */
  readonly mainMigrationsDir: string;
  /** Migrations of the tracking database, where registry tables are created. */
  readonly trackingMigrationsDir: string;
  /** The "Geo data types support" table that `geo-gen release` adds rows to. */
  readonly dataTypesDoc: string;
}

export const DEFAULT_LAYOUT: GeoLayout = Object.freeze({
  appDir: 'app',
  featureFlagsDir: 'config/feature_flags/development',
  mainMigrationsDir: 'db/migrate',
  trackingMigrationsDir: 'db/geo/migrate',
  dataTypesDoc: 'docs/data-types.md',
});

/** A list in a host file: a top-level exported `const` array. */
export interface ListLocation {
  readonly file: string;
  readonly symbol: string;
}

/** Where a host keeps the lists and docs `geo-gen replicable` patches. */
export interface GeoLists {
  readonly replicatorClasses: ListLocation;
  readonly statusSpecTable: ListLocation;
  readonly registryFields: ListLocation;
  readonly statusApiDoc: string;
  readonly metricsDoc: string;
}

/** The lists' defaults: the code lists live in the app folder, the docs under docs/. */
export function defaultLists(appDir: string = DEFAULT_LAYOUT.appDir): GeoLists {
  return Object.freeze({
    replicatorClasses: {
      file: posix.join(appDir, 'replicator-classes.ts'),
      symbol: 'REPLICATOR_CLASSES',
    },
    statusSpecTable: {
      file: posix.join(appDir, 'geo-node-status.test.ts'),
      symbol: 'REPLICABLE_STATUS_ROWS',
    },
    registryFields: {
      file: posix.join(appDir, 'graphql/geo-node-registry-fields.ts'),
      symbol: 'GEO_NODE_REGISTRY_FIELDS',
    },
    statusApiDoc: 'docs/api/geo-nodes.md',
    metricsDoc: 'docs/monitoring/metrics.md',
  });
}
