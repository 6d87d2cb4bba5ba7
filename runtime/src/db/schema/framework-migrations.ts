import { fileURLToPath } from 'node:url';
import type { MigrationTarget } from '../application-migrations.ts';

/**
 * The framework's own migrations of `target` (its tables: sites, the event log, feature gates,
 * leases, the log cursor…), shipped with the package beside this module: `.ts` files when it runs
 * from its sources, `.js` once built.
 */
export function frameworkMigrationFolder(target: MigrationTarget): string {
  return fileURLToPath(new URL(`./${target}`, import.meta.url));
}
