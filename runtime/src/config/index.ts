/**
 * geo.config.json: its schema, defaults and loader, shared by geo-gen and geo-runtime. Imports
 * valibot and Node builtins only: geo-gen loads this at start-up.
 */
export {
  DEFAULT_IMPORT_EXTENSION,
  DEFAULT_LAYOUT,
  DEFAULT_RUNTIME_PACKAGE,
  defaultLists,
  GEO_CONFIG_FILE,
  IMPORT_EXTENSIONS,
  type GeoLayout,
  type GeoLists,
  type ImportExtension,
  type ListLocation,
} from './defaults.ts';
export { GeoConfigError } from './errors.ts';
export {
  DEFAULT_GEO_CONFIG,
  resolveGeoConfig,
  type GeoConfig,
  type UploaderException,
} from './geo-config.ts';
export {
  hostModuleFolder,
  hostImportFailure,
  hostModulePath,
  HostModuleError,
  importHostModule,
  type HostModuleFolder,
  type ModuleExports,
} from './host-module.ts';
export { loadGeoConfig, parseGeoConfig } from './load.ts';
export { geoConfigSchema, type GeoConfigInput } from './schema.ts';
