import type { Writable } from 'node:stream';
import { hostModuleFolder } from '../config/host-module.ts';
import { loadGeoConfig } from '../config/load.ts';
import { migrationsDirOf } from '../db/application-migrations.ts';
import {
  migrateDown,
  MigrationHistoryProvider,
  migrateUp,
  migrationSources,
  migrationStatus,
  type MigrationOrigin,
  type MigrationSources,
  type MigrationTarget,
} from '../db/migrations.ts';
import { openDatabase } from '../db/open-database.ts';
import { checkDatabasePath, MIGRATE } from './preflight.ts';
import { describeDatabase, type SiteEnvironment } from './site-config.ts';

export type DbAction =
  | { readonly kind: 'migrate' }
  | { readonly kind: 'rollback'; readonly steps: number }
  | { readonly kind: 'status' };

/**
 * `db:migrate`, `db:rollback`, `db:status` for the main or the tracking database: on one history,
 * the framework's migrations and the application's.
 */
export async function dbCommand(
  action: DbAction,
  target: MigrationTarget,
  environment: SiteEnvironment,
  stdout: Writable,
): Promise<void> {
  const config = target === 'main' ? environment.main : environment.tracking;
  const geoConfig = await loadGeoConfig(environment.root);
  // The application's migrations where its layout says, imported as its other modules are
  // (from outDir when it is compiled).
  const application = hostModuleFolder(
    environment.root,
    geoConfig,
    migrationsDirOf(geoConfig.layout, target),
  );
  const sources = migrationSources(environment.root, target, application);
  // Only db:migrate creates a database; the others would leave an empty one behind.
  const use = action.kind === 'migrate' ? 'create' : 'open';
  await checkDatabasePath(config, environment.settings[target], use, MIGRATE[target]);
  const database = await openDatabase<unknown>(config);
  const say = (line: string) => stdout.write(`${line}\n`);
  try {
    say(
      `${target} database: ${describeDatabase(config)} (the framework's migrations and the application's in ${application.path})`,
    );
    switch (action.kind) {
      case 'migrate': {
        const applied = await migrateUp(database.db, sources);
        const origins = await originsOf(sources);
        for (const name of applied) say(line('up', origins.get(name), name));
        say(
          applied.length === 0 ? 'Already up to date.' : `Applied ${applied.length} migration(s).`,
        );
        return;
      }
      case 'rollback': {
        const origins = await originsOf(sources);
        const reverted = await migrateDown(database.db, sources, action.steps);
        for (const name of reverted) say(line('down', origins.get(name), name));
        say(
          reverted.length === 0
            ? 'Nothing to roll back.'
            : `Rolled back ${reverted.length} migration(s).`,
        );
        return;
      }
      case 'status': {
        for (const migration of await migrationStatus(database.db, sources)) {
          say(line(migration.state, migration.origin, migration.name));
        }
        return;
      }
    }
  } finally {
    await database.close();
  }
}

/** `  up    framework    20260101000100_create_geo_nodes`: the state, whose, and the name. */
function line(state: 'up' | 'down', origin: MigrationOrigin | undefined, name: string): string {
  return `  ${state.padEnd(5)} ${(origin ?? '').padEnd(11)} ${name}`;
}

async function originsOf(sources: MigrationSources): Promise<Map<string, MigrationOrigin>> {
  const files = await new MigrationHistoryProvider(sources).files();
  return new Map(files.map((file) => [file.name, file.origin]));
}
