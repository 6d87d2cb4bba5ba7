import { join } from 'node:path';
import { DEFAULT_LAYOUT, type GeoLayout } from '../config/defaults.ts';

/** The two databases a site may have, each with its own migration history. */
export type MigrationTarget = 'main' | 'tracking';

/** Where an application keeps its own migrations by default, relative to its root. */
export const MIGRATION_TARGETS = {
  main: DEFAULT_LAYOUT.mainMigrationsDir,
  tracking: DEFAULT_LAYOUT.trackingMigrationsDir,
} as const satisfies Record<MigrationTarget, string>;

/** The layout key of each database's migration folder in geo.config.json. */
export function migrationsDirOf(layout: GeoLayout, target: MigrationTarget): string {
  return target === 'main' ? layout.mainMigrationsDir : layout.trackingMigrationsDir;
}

/** The folder of the application's own migrations of `target`, beside the framework's. */
export function applicationMigrationFolder(
  root: string,
  target: MigrationTarget,
  layout: GeoLayout = DEFAULT_LAYOUT,
): string {
  return join(root, migrationsDirOf(layout, target));
}
