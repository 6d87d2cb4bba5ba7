import {
  DEFAULT_IMPORT_EXTENSION,
  DEFAULT_LAYOUT,
  DEFAULT_RUNTIME_PACKAGE,
  defaultLists,
  type GeoLayout,
  type GeoLists,
  type ImportExtension,
} from './defaults.ts';
import type { GeoConfigInput } from './schema.ts';

/** An uploader left unreplicated on purpose, and why (`geo-gen check` accepts it). */
export interface UploaderException {
  readonly uploader: string;
  readonly reason: string;
}

/** A host's geo.config.json with every default filled in: what geo-gen and geo-runtime use. */
export interface GeoConfig {
  /** The package generated code imports the framework from. */
  readonly runtimePackage: string;
  /** The extension of relative imports in generated code (`.js` for a plain NodeNext tsconfig). */
  readonly importExtension: ImportExtension;
  /** Where tsc writes the application's JavaScript (rootDir = the root); unset: run the sources. */
  readonly outDir: string | undefined;
  readonly layout: GeoLayout;
  readonly lists: GeoLists;
  readonly uploaderExceptions: readonly UploaderException[];
}

/** The configuration of a host without geo.config.json. */
export const DEFAULT_GEO_CONFIG: GeoConfig = resolveGeoConfig({});

/** Fills the defaults in; the lists' default files follow the configured app folder. */
export function resolveGeoConfig(input: GeoConfigInput): GeoConfig {
  const layout: GeoLayout = Object.freeze({ ...DEFAULT_LAYOUT, ...input.layout });
  return Object.freeze({
    runtimePackage: input.runtimePackage ?? DEFAULT_RUNTIME_PACKAGE,
    importExtension: input.importExtension ?? DEFAULT_IMPORT_EXTENSION,
    outDir: input.outDir,
    layout,
    lists: Object.freeze({ ...defaultLists(layout.appDir), ...input.lists }),
    uploaderExceptions: Object.freeze(input.uploaderExceptions ?? []),
  });
}
