import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Migrator,
  NO_MIGRATIONS,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';
import { DEFAULT_LAYOUT } from '../config/defaults.ts';

/** The two databases a site may have, each with its own migration folder (geo.config.json's defaults). */
export const MIGRATION_TARGETS = {
  main: DEFAULT_LAYOUT.mainMigrationsDir,
  tracking: DEFAULT_LAYOUT.trackingMigrationsDir,
} as const;
export type MigrationTarget = keyof typeof MIGRATION_TARGETS;

/**
 * A migration folder: its path, or its path and how to import its files (an application's
 * folder is imported through geo-runtime/config's host modules, which know about outDir).
 */
export type MigrationFolder =
  string | { readonly path: string; readonly importModule: (file: string) => Promise<unknown> };

function folderPath(folder: MigrationFolder): string {
  return typeof folder === 'string' ? folder : folder.path;
}

/** `20261126000100_create_package_files.ts`: a sortable timestamp, then what it does. */
const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.(ts|js)$/;

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly folder: string,
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `Migration ${migration ?? '(unknown)'} in ${folder} failed: ${messageOf(cause)}. ` +
        `Nothing of it was applied; fix the migration and run it again.`,
      { cause },
    );
  }
}

/** Loads migrations from one folder, named `<timestamp>_<name>.ts`; other files are ignored. */
export class FolderMigrationProvider implements MigrationProvider {
  readonly folder: string;
  readonly #importModule: (file: string) => Promise<unknown>;

  constructor(folder: MigrationFolder) {
    this.folder = folderPath(folder);
    this.#importModule =
      typeof folder === 'string'
        ? (file) => import(pathToFileURL(file).href)
        : (file) => folder.importModule(file);
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((file) => MIGRATION_FILE.test(file)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = await this.#importModule(join(this.folder, file));
      if (!isMigration(module)) {
        throw new MigrationFailedError(this.folder, file, new Error('it exports no up() function'));
      }
      migrations[file.replace(/\.(ts|js)$/, '')] = module;
    }
    return migrations;
  }
}

function isMigration(module: unknown): module is Migration {
  return (
    typeof module === 'object' &&
    module !== null &&
    'up' in module &&
    typeof module.up === 'function'
  );
}

export function migrationFolder(root: string, target: MigrationTarget): string {
  return join(root, MIGRATION_TARGETS[target]);
}

function migratorFor<DB>(db: Kysely<DB>, folder: MigrationFolder): Migrator {
  // Kysely serialises concurrent runs with an advisory lock and runs each migration in a transaction.
  // Migrations are written against no schema type (Kysely<unknown>), whatever the caller's is.
  return new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: new FolderMigrationProvider(folder),
  });
}

function unwrap(folder: MigrationFolder, { error, results }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new MigrationFailedError(folderPath(folder), failed, error);
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp<DB>(db: Kysely<DB>, folder: MigrationFolder): Promise<string[]> {
  return unwrap(folder, await migratorFor(db, folder).migrateToLatest());
}

/** Reverts the last `steps` applied migrations (default one); returns the names reverted. */
export async function migrateDown<DB>(
  db: Kysely<DB>,
  folder: MigrationFolder,
  steps = 1,
): Promise<string[]> {
  const migrator = migratorFor(db, folder);
  const reverted: string[] = [];
  for (let step = 0; step < steps; step++) {
    const names = unwrap(folder, await migrator.migrateDown());
    if (names.length === 0) break;
    reverted.push(...names);
  }
  return reverted;
}

/** Reverts everything (used by tests and `db reset`). */
export async function migrateToZero<DB>(
  db: Kysely<DB>,
  folder: MigrationFolder,
): Promise<string[]> {
  return unwrap(folder, await migratorFor(db, folder).migrateTo(NO_MIGRATIONS));
}

export interface MigrationStatus {
  readonly name: string;
  readonly state: 'up' | 'down';
  readonly executedAt: Date | undefined;
}

export async function migrationStatus<DB>(
  db: Kysely<DB>,
  folder: MigrationFolder,
): Promise<MigrationStatus[]> {
  const migrations = await migratorFor(db, folder).getMigrations();
  return migrations.map((migration) => ({
    name: migration.name,
    state: migration.executedAt ? 'up' : 'down',
    executedAt: migration.executedAt,
  }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
