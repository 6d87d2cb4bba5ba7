import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { scratchDatabase } from '../../test/support/scratch-database.ts';
import {
  tableMigration,
  tempApplication,
  WIDGETS_MIGRATION,
  writeMigration,
} from '../../test/support/temp-application.ts';
import { selectedEngines, type TestEngine } from '../testing/services.ts';
import {
  DuplicateMigrationError,
  frameworkMigrationFolder,
  migrateDown,
  migrateUp,
  migrationSources,
  migrationStatus,
  type MigrationTarget,
} from './migrations.ts';
import { openDatabase } from './open-database.ts';

/** The framework's migration names of `target`, from the files it ships. */
async function frameworkNames(target: MigrationTarget): Promise<string[]> {
  const files = await readdir(frameworkMigrationFolder(target));
  return files.filter((file) => /^\d{14}_\w+\.ts$/.test(file)).map((file) => file.slice(0, -3));
}

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`.execute(db);
  return rows.map((row) => row.table_name);
}

for (const engine of selectedEngines()) {
  const unavailable = engine === 'postgres' ? inject('postgresUnavailable') : null;
  describe.skipIf(unavailable !== null)(`one migration history per database [${engine}]`, () => {
    const app = tempApplication();
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    afterAll(() => app.remove());

    async function empty(name: TestEngine = engine): Promise<Kysely<unknown>> {
      const scratch = await scratchDatabase(name);
      cleanups.push(() => scratch.drop());
      const database = await openDatabase<unknown>(scratch.config);
      cleanups.push(() => database.close());
      return database.db;
    }

    it("applies the framework's migrations and the application's, in the order of their names", async () => {
      const db = await empty();
      const sources = migrationSources(app.root, 'main');
      const framework = await frameworkNames('main');
      expect(await migrateUp(db, sources)).toEqual([...framework, WIDGETS_MIGRATION]);
      expect(await tables(db)).toEqual(
        expect.arrayContaining([
          'geo_nodes',
          'geo_event_log',
          'feature_gates',
          'projects',
          'widgets',
        ]),
      );
      const status = await migrationStatus(db, sources);
      expect(status.map(({ name, origin, state }) => ({ name, origin, state }))).toEqual([
        ...framework.map((name) => ({ name, origin: 'framework', state: 'up' })),
        { name: WIDGETS_MIGRATION, origin: 'application', state: 'up' },
      ]);
      expect(await migrateUp(db, sources)).toEqual([]);
    });

    it('rolls back through both, the last applied first, and applies them again', async () => {
      const db = await empty();
      const sources = migrationSources(app.root, 'main');
      await migrateUp(db, sources);
      const lastOfFramework = (await frameworkNames('main')).at(-1);
      expect(await migrateDown(db, sources, 2)).toEqual([WIDGETS_MIGRATION, lastOfFramework]);
      expect(await tables(db)).not.toContain('widgets');
      const states = (await migrationStatus(db, sources)).map(({ origin, state }) => ({
        origin,
        state,
      }));
      expect(states.slice(-3)).toEqual([
        { origin: 'framework', state: 'up' },
        { origin: 'framework', state: 'down' },
        { origin: 'application', state: 'down' },
      ]);
      expect(await migrateUp(db, sources)).toEqual([lastOfFramework, WIDGETS_MIGRATION]);
    });

    it("gives an application without migrations of its own the framework's tables", async () => {
      const db = await empty();
      const bare = await mkdtemp(join(tmpdir(), 'geo-bare-app-'));
      cleanups.push(() => rm(bare, { recursive: true, force: true }));
      const sources = migrationSources(bare, 'tracking');
      expect(await migrateUp(db, sources)).toEqual(await frameworkNames('tracking'));
      expect(await tables(db)).toEqual(
        expect.arrayContaining(['event_log_states', 'event_log_gaps', 'exclusive_leases']),
      );
    });

    it("refuses an application migration named as one of the framework's, naming both files", async () => {
      const db = await empty();
      const clash = await mkdtemp(join(tmpdir(), 'geo-clash-app-'));
      cleanups.push(() => rm(clash, { recursive: true, force: true }));
      const [first] = await frameworkNames('main');
      const file = writeMigration(clash, 'main', first ?? '', tableMigration('clashing'));
      const refused = migrateUp(db, migrationSources(clash, 'main'));
      await expect(refused).rejects.toThrow(DuplicateMigrationError);
      await expect(refused).rejects.toThrow(file);
      await expect(refused).rejects.toThrow(join(frameworkMigrationFolder('main'), `${first}.ts`));
      expect(await tables(db)).not.toContain('clashing');
      expect(await tables(db)).not.toContain('geo_nodes');
    });

    it("applies a newer framework's migration older than the application's latest, and reverts it first", async () => {
      const db = await empty();
      const dir = await mkdtemp(join(tmpdir(), 'geo-upgrade-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const sources = { framework: join(dir, 'framework'), application: join(dir, 'app') };
      const write = async (folder: string, name: string) => {
        await mkdir(folder, { recursive: true });
        await writeFile(join(folder, `${name}.ts`), tableMigration(name.slice(15)));
      };
      await write(sources.framework, '20260101000000_old_one');
      await write(sources.application, '20270101000000_apps_one');
      expect(await migrateUp(db, sources)).toEqual([
        '20260101000000_old_one',
        '20270101000000_apps_one',
      ]);

      await write(sources.framework, '20260601000000_upgrades_one');
      expect(await migrateUp(db, sources)).toEqual(['20260601000000_upgrades_one']);
      expect((await migrationStatus(db, sources)).map(({ name, state }) => [name, state])).toEqual([
        ['20260101000000_old_one', 'up'],
        ['20260601000000_upgrades_one', 'up'],
        ['20270101000000_apps_one', 'up'],
      ]);
      expect(await migrateDown(db, sources)).toEqual(['20260601000000_upgrades_one']);
    });
  });
}
