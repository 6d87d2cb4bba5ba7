import { join } from 'node:path';
import { loadGeoConfig } from '../config/load.ts';
import { applicationMigrationFolder } from '../db/application-migrations.ts';
import { migrationSources, type MigrationSources, type MigrationTarget } from '../db/migrations.ts';

/**
 * The migrations a test database of the application at `root` gets: the framework's and the
 * application's, from the folders its geo.config.json names. Specs run the sources (vitest
 * compiles them), never a build in outDir.
 */
export async function applicationMigrationSources(
  root: string,
  target: MigrationTarget,
): Promise<MigrationSources> {
  const { layout } = await loadGeoConfig(root);
  return migrationSources(root, target, applicationMigrationFolder(root, target, layout));
}

/** The folder of the application's feature flag definitions, as its geo.config.json says. */
export async function applicationFlagsFolder(root: string): Promise<string> {
  return join(root, (await loadGeoConfig(root)).layout.featureFlagsDir);
}
