import { DEFAULT_HOST_CONFIG, type HostConfig } from '../../host/config.ts';
import type { AppTypeScript } from './typescript-config.ts';

/**
 * The geo.config.json `init` writes: the runtime package and what it detected from the
 * application's TypeScript configuration; every other key keeps its default, so it is left out.
 * Built from known-good values only, so it is valid by construction.
 */
export function initialConfig(typescript: AppTypeScript): HostConfig {
  return {
    runtimePackage: DEFAULT_HOST_CONFIG.runtimePackage,
    importExtension: typescript.importExtension,
    ...(typescript.outDir === undefined ? {} : { outDir: typescript.outDir }),
  };
}

/** The file's text: two-space JSON, as prettier would leave it. */
export function configText(config: HostConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
