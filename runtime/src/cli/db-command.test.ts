import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { scratchDatabase } from '../../test/support/scratch-database.ts';
import {
  tableMigration,
  tempApplication,
  WIDGETS_MIGRATION,
  writeMigration,
} from '../../test/support/temp-application.ts';
import { frameworkMigrationFolder } from '../db/migrations.ts';
import { selectedEngines } from '../testing/services.ts';
import { runGeoRuntime } from './cli-harness.ts';

describe('geo-runtime db:migrate, db:rollback, db:status', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geo-db-command-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('migrate up, show status, roll back some steps, and migrate again, on a database kept on disk', async () => {
    const database = join(dir, 'tracking');
    const up = await runGeoRuntime(['db:migrate', '--tracking'], database);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`tracking database: PGlite in ${database}`);
    expect(up.stdout).toMatch(/up {4}application \d{14}_create_package_file_registry/);
    expect(up.stdout).toMatch(/up {4}framework {3}\d{14}_create_event_log_states/);

    const rollback = await runGeoRuntime(['db:rollback', '--tracking', '--steps', '2'], database);
    expect(rollback.stdout).toMatch(/Rolled back 2 migration\(s\)\./);
    const status = await runGeoRuntime(['db:status', '--tracking'], database);
    const states = status.stdout
      .split('\n')
      .filter((line) => /^\s+(up|down)\s/.test(line))
      .map((line) => line.trim().split(/\s+/)[0]);
    expect(states.slice(-2)).toEqual(['down', 'down']);
    expect(states.slice(0, -2).every((state) => state === 'up')).toBe(true);

    const again = await runGeoRuntime(['db:migrate', '--tracking'], database);
    expect(again.stdout).toContain('Applied 2 migration(s).');
    expect((await runGeoRuntime(['db:migrate', '--tracking'], database)).stdout).toContain(
      'Already up to date.',
    );
  });

  it("migrates an application's compiled migrations from its outDir, in the folder its layout names", async () => {
    const host = join(dir, 'compiled-host');
    await mkdir(join(host, 'migrations'), { recursive: true });
    await mkdir(join(host, 'build/migrations'), { recursive: true });
    await writeFile(
      join(host, 'geo.config.json'),
      JSON.stringify({ outDir: 'build', layout: { mainMigrationsDir: 'migrations' } }),
    );
    // The source is not what runs: importing it would fail.
    await writeFile(
      join(host, 'migrations/20260101000000_create_widgets.ts'),
      "throw new Error('the source was imported');\n",
    );
    await writeFile(
      join(host, 'build/migrations/20260101000000_create_widgets.js'),
      "export async function up(db) { await db.schema.createTable('widgets').addColumn('id', 'integer').execute(); }\n" +
        "export async function down(db) { await db.schema.dropTable('widgets').execute(); }\n",
    );
    const up = await runGeoRuntime(['--root', host, 'db:migrate'], join(dir, 'compiled-main'));
    expect(up.stderr).toBe('');
    expect(up.stdout).toContain(`the application's in ${join(host, 'build/migrations')})`);
    expect(up.stdout).toContain('up    application 20260101000000_create_widgets\n');
    expect(up.code).toBe(0);
  });

  it('refuses a step count that is not a whole number, saying what it expects', async () => {
    const result = await runGeoRuntime(['db:rollback', '--steps', 'many'], join(dir, 'main'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('expected a whole number of at least 1');
  });
});

/** `  up    framework   <name>` → { state, origin, name }. */
function listed(stdout: string): { state: string; origin: string; name: string }[] {
  return stdout.split('\n').flatMap((line) => {
    const [state, origin, name] = line.trim().split(/\s+/);
    return (state === 'up' || state === 'down') && origin && name ? [{ state, origin, name }] : [];
  });
}

for (const engine of selectedEngines()) {
  const unavailable = engine === 'postgres' ? inject('postgresUnavailable') : null;
  describe.skipIf(unavailable !== null)(`geo-runtime db:* in an application [${engine}]`, () => {
    const app = tempApplication();
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    afterAll(() => app.remove());

    it("migrates, lists and rolls back the framework's migrations and the application's as one history", async () => {
      const database = await scratchDatabase(engine);
      cleanups.push(() => database.drop());
      const run = (...argv: string[]) => runGeoRuntime(argv, database.setting, {}, app.root);
      const framework = (await readdir(frameworkMigrationFolder('main')))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => file.slice(0, -3));

      const up = await run('db:migrate');
      expect(up.stderr).toBe('');
      expect(listed(up.stdout)).toEqual([
        ...framework.map((name) => ({ state: 'up', origin: 'framework', name })),
        { state: 'up', origin: 'application', name: WIDGETS_MIGRATION },
      ]);

      const rollback = await run('db:rollback', '--steps', '2');
      expect(listed(rollback.stdout)).toEqual([
        { state: 'down', origin: 'application', name: WIDGETS_MIGRATION },
        { state: 'down', origin: 'framework', name: framework.at(-1) },
      ]);
      const status = await run('db:status');
      expect(listed(status.stdout)).toEqual([
        ...framework.slice(0, -1).map((name) => ({ state: 'up', origin: 'framework', name })),
        { state: 'down', origin: 'framework', name: framework.at(-1) },
        { state: 'down', origin: 'application', name: WIDGETS_MIGRATION },
      ]);
      expect((await run('db:migrate')).stdout).toContain('Applied 2 migration(s).');
    });

    it('refuses an application migration named as a framework one, naming both files', async () => {
      const database = await scratchDatabase(engine);
      cleanups.push(() => database.drop());
      const clash = tempApplication();
      cleanups.push(() => clash.remove());
      const [first = ''] = (await readdir(frameworkMigrationFolder('tracking'))).sort();
      const name = first.replace(/\.ts$/, '');
      writeMigration(clash.root, 'tracking', name, tableMigration('clashing'));
      const refused = await runGeoRuntime(
        ['db:migrate', '--tracking'],
        database.setting,
        {},
        clash.root,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`Two migrations are named ${name}`);
      expect(refused.stderr).toContain(join(frameworkMigrationFolder('tracking'), first));
      expect(refused.stderr).toContain(join(clash.root, 'db/geo/migrate', first));
    });
  });
}
