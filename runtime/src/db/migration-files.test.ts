import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DuplicateMigrationError,
  mergeMigrationFiles,
  MissingMigrationFolderError,
  migrationFiles,
} from './migration-files.ts';
import { frameworkMigrationFolder } from './schema/framework-migrations.ts';

describe('migration files', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  async function folder(files: readonly string[]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'geo-migration-files-'));
    dirs.push(dir);
    for (const file of files) await writeFile(join(dir, file), '');
    return dir;
  }

  it('are the built package’s .js as well as the sources’ .ts, never declarations or maps', async () => {
    const dir = await folder([
      '20260101000000_create_a.js',
      '20260101000000_create_a.d.ts',
      '20260101000000_create_a.js.map',
      '20260101000100_create_b.ts',
      'README.md',
    ]);
    expect(await migrationFiles(dir, 'framework')).toEqual([
      {
        name: '20260101000000_create_a',
        file: join(dir, '20260101000000_create_a.js'),
        origin: 'framework',
      },
      {
        name: '20260101000100_create_b',
        file: join(dir, '20260101000100_create_b.ts'),
        origin: 'framework',
      },
    ]);
  });

  it("are none for an application without a folder, and an error for the framework's", async () => {
    const missing = join(await folder([]), 'db/migrate');
    expect(await migrationFiles(missing, 'application')).toEqual([]);
    await expect(migrationFiles(missing, 'framework', { required: true })).rejects.toThrow(
      MissingMigrationFolderError,
    );
  });

  it('merge by name, and refuse a name twice, even from one folder', async () => {
    const framework = await migrationFiles(frameworkMigrationFolder('tracking'), 'framework', {
      required: true,
    });
    const app = await folder(['20250101000000_early.ts', '20300101000000_late.ts']);
    const merged = mergeMigrationFiles(framework, await migrationFiles(app, 'application'));
    expect(merged.map((file) => file.origin)).toEqual([
      'application',
      ...framework.map(() => 'framework'),
      'application',
    ]);

    const compiledBeside = await folder(['20300101000000_late.ts', '20300101000000_late.js']);
    const twice = await migrationFiles(compiledBeside, 'application');
    expect(() => mergeMigrationFiles(twice)).toThrow(DuplicateMigrationError);
    expect(() => mergeMigrationFiles(twice)).toThrow(
      join(compiledBeside, '20300101000000_late.ts'),
    );
  });
});
