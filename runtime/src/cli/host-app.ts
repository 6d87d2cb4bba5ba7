import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importHostModule } from '../config/host-module.ts';
import { loadGeoConfig } from '../config/load.ts';
import type { ListLocation } from '../config/defaults.ts';
import {
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

/** The host application could not be loaded; the message says what to fix. */
export class HostAppError extends Error {
  override readonly name = 'HostAppError';
}

/**
 * Loads the host's `REPLICATOR_CLASSES`, `GEO_NODE_REGISTRY_FIELDS` and feature flag definitions
 * from `root`, where geo.config.json says they are (`lists.replicatorClasses`,
 * `lists.registryFields`, `layout.featureFlagsDir`; geo-gen writes the same lists). The modules
 * are imported from the configuration's `outDir` when it has one, else as they are (TypeScript
 * then needs a loader, which the source launcher registers).
 */
export async function loadHostApp(root: string): Promise<HostApp> {
  const config = await loadGeoConfig(root);
  const replicatorClasses = await importList<ReplicatorClass>(
    await importHostModule(root, config, config.lists.replicatorClasses.file),
    root,
    config.lists.replicatorClasses,
  );
  const registryFields = await importList<GeoNodeRegistryField>(
    await importHostModule(root, config, config.lists.registryFields.file),
    root,
    config.lists.registryFields,
  );
  const flagsDir = join(root, config.layout.featureFlagsDir);
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

function importList<T>(
  exports: Readonly<Record<string, unknown>>,
  root: string,
  list: ListLocation,
): readonly T[] {
  const value = exports[list.symbol];
  if (!Array.isArray(value)) {
    throw new HostAppError(
      `${join(root, list.file)} does not export ${list.symbol} as an array; export the list there (geo-gen check shows what is missing).`,
    );
  }
  // The list's entries are the host's; geo-gen check verifies what they are.
  return value;
}
