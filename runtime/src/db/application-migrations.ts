import { join } from 'node:path';

/** The two databases a site may have, each with its own migration history. */
export type MigrationTarget = 'main' | 'tracking';

/** Where an application keeps its own migrations by default, relative to its root. */
export const MIGRATION_TARGETS = {
  main: 'db/migrate',
  tracking: 'db/geo/migrate',
} as const satisfies Record<MigrationTarget, string>;

/**
 * The folder of the application's own migrations of `target`, beside the framework's. The one
 * place that decides it: a layout read from the application's configuration belongs here.
 */
export function applicationMigrationFolder(root: string, target: MigrationTarget): string {
  return join(root, MIGRATION_TARGETS[target]);
}
