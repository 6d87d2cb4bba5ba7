import { join } from 'node:path';
import { parseGeoConfig, type GeoConfigInput } from 'geo-runtime/config';
import { DEFAULT_HOST_CONFIG, HOST_CONFIG_FILE, type HostConfig } from '../../host/config.ts';
import type { AppTypeScript } from './typescript-config.ts';

/** The geo.config.json `init` writes, and the configuration it amounts to. */
export interface InitialConfig {
  /** The file's text: two-space JSON, as prettier would leave it. */
  readonly text: string;
  readonly config: HostConfig;
}

/**
 * The runtime package and what init detected from the application's TypeScript configuration;
 * every other key keeps its default, so it is left out. Validated by the one schema before it
 * is written, like any geo.config.json geo-gen reads.
 */
export function initialConfig(root: string, typescript: AppTypeScript): InitialConfig {
  const input: GeoConfigInput = {
    runtimePackage: DEFAULT_HOST_CONFIG.runtimePackage,
    importExtension: typescript.importExtension,
    ...(typescript.outDir === undefined ? {} : { outDir: typescript.outDir }),
  };
  return {
    text: `${JSON.stringify(input, null, 2)}\n`,
    config: parseGeoConfig(input, join(root, HOST_CONFIG_FILE)),
  };
}
