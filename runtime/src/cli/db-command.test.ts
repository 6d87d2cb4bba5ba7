import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(up.stdout).toMatch(/up {4}\d{14}_create_package_file_registry/);

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
    expect(up.stdout).toContain(`(migrations in ${join(host, 'build/migrations')})`);
    expect(up.stdout).toMatch(/up {4}20260101000000_create_widgets\n/);
    expect(up.code).toBe(0);
  });

  it('refuses a step count that is not a whole number, saying what it expects', async () => {
    const result = await runGeoRuntime(['db:rollback', '--steps', 'many'], join(dir, 'main'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('expected a whole number of at least 1');
  });
});
