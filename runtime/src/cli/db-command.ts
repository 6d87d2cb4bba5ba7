import type { Writable } from 'node:stream';
import { hostModuleFolder } from '../config/host-module.ts';
import { loadGeoConfig } from '../config/load.ts';
import { migrateDown, migrateUp, migrationStatus, type MigrationTarget } from '../db/migrations.ts';
import { openDatabase } from '../db/open-database.ts';
import { checkDatabasePath, MIGRATE } from './preflight.ts';
import { describeDatabase, type SiteEnvironment } from './site-config.ts';

export type DbAction =
  | { readonly kind: 'migrate' }
  | { readonly kind: 'rollback'; readonly steps: number }
  | { readonly kind: 'status' };

/** `db:migrate`, `db:rollback`, `db:status` for the main or the tracking database. */
export async function dbCommand(
  action: DbAction,
  target: MigrationTarget,
  environment: SiteEnvironment,
  stdout: Writable,
): Promise<void> {
  const config = target === 'main' ? environment.main : environment.tracking;
  const geoConfig = await loadGeoConfig(environment.root);
  const folder = hostModuleFolder(
    environment.root,
    geoConfig,
    target === 'main' ? geoConfig.layout.mainMigrationsDir : geoConfig.layout.trackingMigrationsDir,
  );
  // Only db:migrate creates a database; the others would leave an empty one behind.
  const use = action.kind === 'migrate' ? 'create' : 'open';
  await checkDatabasePath(config, environment.settings[target], use, MIGRATE[target]);
  const database = await openDatabase<unknown>(config);
  const say = (line: string) => stdout.write(`${line}\n`);
  try {
    say(`${target} database: ${describeDatabase(config)} (migrations in ${folder.path})`);
    switch (action.kind) {
      case 'migrate': {
        const applied = await migrateUp(database.db, folder);
        for (const name of applied) say(`  up    ${name}`);
        say(
          applied.length === 0 ? 'Already up to date.' : `Applied ${applied.length} migration(s).`,
        );
        return;
      }
      case 'rollback': {
        const reverted = await migrateDown(database.db, folder, action.steps);
        for (const name of reverted) say(`  down  ${name}`);
        say(
          reverted.length === 0
            ? 'Nothing to roll back.'
            : `Rolled back ${reverted.length} migration(s).`,
        );
        return;
      }
      case 'status': {
        for (const migration of await migrationStatus(database.db, folder)) {
          say(`  ${migration.state.padEnd(5)} ${migration.name}`);
        }
        return;
      }
    }
  } finally {
    await database.close();
  }
}
