import { readFile } from 'node:fs/promises';
import { messageOf } from '../errors.ts';
import { InvalidHostConfigError } from './errors.ts';

/** The file that marks a host application's root. */
export const HOST_CONFIG_FILE = 'geo.config.json';

/**
 * A host's geo.config.json. Only the keys geo-gen uses are typed; the rest is kept as is (so
 * newer or tool-specific keys are not errors) and handed to templates with the known ones.
 */
export interface HostConfig {
  /** The package generated code imports the framework from, e.g. `geo-runtime`. */
  readonly runtimePackage: string;
  readonly [key: string]: unknown;
}

export const DEFAULT_HOST_CONFIG: HostConfig = Object.freeze({ runtimePackage: 'geo-runtime' });

export async function readHostConfig(file: string): Promise<HostConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InvalidHostConfigError(file, `cannot be read as JSON (${messageOf(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidHostConfigError(file, 'is not a JSON object');
  }
  const config: Record<string, unknown> = { ...DEFAULT_HOST_CONFIG, ...parsed };
  const { runtimePackage } = config;
  if (typeof runtimePackage !== 'string' || runtimePackage.trim() === '') {
    throw new InvalidHostConfigError(file, '"runtimePackage" must be a non-empty string');
  }
  return Object.freeze({ ...config, runtimePackage });
}
