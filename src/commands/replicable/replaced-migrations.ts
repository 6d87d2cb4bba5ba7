import { posix } from 'node:path';
import type { ChangeNote } from '../../generate/finish.ts';
import { hostLayout, migrationFolders } from '../../host/layout.ts';
import type { Host } from '../../host/resolve-host.ts';
import { MIGRATION_FILE } from '../../templates/migration-timestamp.ts';
import type { FileChange } from '../../tree/tree.ts';

/**
 * The host's migrations a regeneration rewrites in place (`--force` over an existing data type):
 * files of its migration folders the templates meant to create, that exist with other content.
 */
export function replacedMigrations(changes: readonly FileChange[], host: Host): string[] {
  const folders = new Set(migrationFolders(host));
  return changes
    .filter((change) => change.kind === 'UPDATE' && change.overwrites)
    .map((change) => change.path)
    .filter(
      (path) => folders.has(posix.dirname(path)) && MIGRATION_FILE.test(posix.basename(path)),
    );
}

/**
 * What to do about rewritten migrations: a database that already ran one records it by name
 * and never runs the new content, and files alone cannot tell whether one ran anywhere.
 */
export function replacedMigrationsNote(
  changes: readonly FileChange[],
  dryRun: boolean,
  host: Host,
): ChangeNote | undefined {
  const replaced = replacedMigrations(changes, host);
  if (replaced.length === 0) return undefined;
  const one = replaced.length === 1;
  const message =
    `${dryRun ? 'would rewrite' : 'rewrote'} ${one ? 'this migration' : `these ${replaced.length} migrations`} ` +
    `in place, keeping ${one ? 'its timestamp' : 'their timestamps'}: ${replaced.join(', ')}. ` +
    `A database where ${one ? 'it' : 'one of them'} already ran will not run it again: there, roll back ` +
    'to before it (`geo-runtime db:status` lists what ran; `geo-runtime db:rollback --steps <n>`, ' +
    `with --tracking for ${hostLayout(host.config).trackingMigrationsDir}) and run ` +
    '`geo-runtime db:migrate`, or restore the previous files and write a new migration for the change.';
  return { message, json: { replacedMigrations: replaced } };
}
