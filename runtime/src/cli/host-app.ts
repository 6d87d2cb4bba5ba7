import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  FEATURE_FLAG_DEFINITIONS_DIR,
  loadFeatureFlagDefinitions,
  type FeatureFlagDefinition,
} from '../feature-flags/definition.ts';
import type { GeoNodeRegistryField } from '../graphql/index.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';

/** What a site process takes from the host application. */
export interface HostApp {
  readonly root: string;
  readonly replicatorClasses: readonly ReplicatorClass[];
  readonly registryFields: readonly GeoNodeRegistryField[];
  readonly featureFlagDefinitions: ReadonlyMap<string, FeatureFlagDefinition>;
}

/** A list of the host: the file (relative to the root) and the exported constant. */
interface ListLocation {
  readonly file: string;
  readonly symbol: string;
}

// The same defaults as geo-gen's (src/host/lists.ts), which writes these lists.
const REPLICATOR_CLASSES: ListLocation = {
  file: 'app/replicator-classes.ts',
  symbol: 'REPLICATOR_CLASSES',
};
const REGISTRY_FIELDS: ListLocation = {
  file: 'app/graphql/geo-node-registry-fields.ts',
  symbol: 'GEO_NODE_REGISTRY_FIELDS',
};

/** The host application could not be loaded; the message says what to fix. */
export class HostAppError extends Error {
  override readonly name = 'HostAppError';
}

/**
 * Loads the host's `REPLICATOR_CLASSES`, `GEO_NODE_REGISTRY_FIELDS` and feature flag definitions
 * from `root`, where `geo.config.json` may move the lists (`replicatorClassesFile`,
 * `lists.registryFields`). The modules are imported as they are: TypeScript needs a loader (the
 * `geo-runtime` launcher registers tsx).
 */
export async function loadHostApp(root: string): Promise<HostApp> {
  const config = await readHostConfig(root);
  const replicatorFile = config['replicatorClassesFile'];
  const lists = config['lists'];
  const configuredFields =
    typeof lists === 'object' && lists !== null
      ? (lists as { registryFields?: ListLocation }).registryFields
      : undefined;
  const replicatorClasses = await importList<ReplicatorClass>(root, {
    ...REPLICATOR_CLASSES,
    ...(typeof replicatorFile === 'string' && { file: replicatorFile }),
  });
  const registryFields = await importList<GeoNodeRegistryField>(
    root,
    configuredFields ?? REGISTRY_FIELDS,
  );
  const flagsDir = join(root, FEATURE_FLAG_DEFINITIONS_DIR);
  if (!existsSync(flagsDir)) {
    throw new HostAppError(
      `No feature flag definitions in ${flagsDir}: run geo-runtime from the host application's root or pass --root.`,
    );
  }
  return {
    root,
    replicatorClasses,
    registryFields,
    featureFlagDefinitions: await loadFeatureFlagDefinitions(flagsDir),
  };
}

async function readHostConfig(root: string): Promise<Record<string, unknown>> {
  const file = join(root, 'geo.config.json');
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
    throw new Error('expected a JSON object');
  } catch (error) {
    throw new HostAppError(`Cannot read ${file}: ${(error as Error).message}. Fix the file.`);
  }
}

async function importList<T>(root: string, list: ListLocation): Promise<readonly T[]> {
  const file = join(root, list.file);
  if (!existsSync(file)) {
    throw new HostAppError(
      `No ${list.file} under ${root}: run geo-runtime from the host application's root or pass --root.`,
    );
  }
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const value = module[list.symbol];
  if (!Array.isArray(value)) {
    throw new HostAppError(
      `${file} does not export ${list.symbol} as an array; export the list there (geo-gen check shows what is missing).`,
    );
  }
  return value as readonly T[];
}
