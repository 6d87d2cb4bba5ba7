import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GEO_CONFIG_FILE } from './defaults.ts';
import type { GeoConfig } from './geo-config.ts';

/** A host module could not be imported; the message says how to make it importable. */
export class HostModuleError extends Error {
  override readonly name = 'HostModuleError';
}

/** A module's exports, by name. */
export type ModuleExports = Readonly<Record<string, unknown>>;

/**
 * Where the runtime imports a host file from: `<root>/<outDir>/<path as .js>` when the
 * configuration names tsc's outDir, else the file itself (TypeScript then needs a loader).
 */
export function hostModulePath(root: string, config: GeoConfig, relativePath: string): string {
  if (config.outDir === undefined) return join(root, relativePath);
  return join(root, config.outDir, compiledName(relativePath));
}

/** A folder of host modules (the app's migrations): where to list them, and how to import one. */
export interface HostModuleFolder {
  readonly path: string;
  readonly importModule: (file: string) => Promise<ModuleExports>;
}

export function hostModuleFolder(
  root: string,
  config: GeoConfig,
  relativeFolder: string,
): HostModuleFolder {
  return {
    path: hostModulePath(root, config, relativeFolder),
    importModule: (file) => importModuleFile(file, config, root),
  };
}

/**
 * Imports a host module (`relativePath` as written in the host, e.g. `app/replicator-classes.ts`)
 * the way the configuration says: compiled from outDir, or as is. Errors say what to do: build
 * with tsc, or run with a TypeScript loader.
 */
export async function importHostModule(
  root: string,
  config: GeoConfig,
  relativePath: string,
): Promise<ModuleExports> {
  const file = hostModulePath(root, config, relativePath);
  if (!existsSync(file)) {
    throw new HostModuleError(
      config.outDir === undefined
        ? `No ${relativePath} under ${root}: run geo-runtime from the host application's root or pass --root.`
        : `No ${file}, the compiled ${relativePath}: build the application with tsc (its outDir ` +
            `must be "${config.outDir}" as in ${GEO_CONFIG_FILE}, with rootDir the application's root).`,
    );
  }
  return importModuleFile(file, config, root);
}

async function importModuleFile(
  file: string,
  config: GeoConfig,
  root: string,
): Promise<ModuleExports> {
  try {
    const exports: ModuleExports = await import(pathToFileURL(file).href);
    return exports;
  } catch (error) {
    throw hostImportFailure(error, file, config, root);
  }
}

/**
 * What to throw when importing a host module failed: Node without a loader refusing TypeScript
 * (ERR_UNKNOWN_FILE_EXTENSION) becomes a HostModuleError saying the two ways out; anything
 * else (the module's own error) is passed on.
 */
export function hostImportFailure(
  error: unknown,
  file: string,
  config: GeoConfig,
  root: string,
): unknown {
  if (errorCode(error) !== 'ERR_UNKNOWN_FILE_EXTENSION') return error;
  return new HostModuleError(
    `Cannot import ${file}: Node cannot load TypeScript by itself. Build the application with ` +
      `tsc and set "outDir" in ${join(root, GEO_CONFIG_FILE)} to tsc's outDir` +
      `${config.outDir === undefined ? '' : ` (now "${config.outDir}")`}, or run with a ` +
      'TypeScript loader (NODE_OPTIONS="--import tsx").',
    { cause: error },
  );
}

/** `app/x.ts` → `app/x.js`, `.mts` → `.mjs`, `.cts` → `.cjs`: what tsc writes. */
function compiledName(path: string): string {
  return path.replace(/\.([mc]?)tsx?$/, (_, kind: string) => `.${kind}js`);
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
