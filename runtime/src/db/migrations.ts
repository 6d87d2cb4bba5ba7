import { pathToFileURL } from 'node:url';
import {
  Migrator,
  NO_MIGRATIONS,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';
import type { HostModuleFolder } from '../config/host-module.ts';
import { applicationMigrationFolder, type MigrationTarget } from './application-migrations.ts';
import {
  DuplicateMigrationError,
  mergeMigrationFiles,
  MissingMigrationFolderError,
  migrationFiles,
  type MigrationFile,
  type MigrationOrigin,
} from './migration-files.ts';
import { frameworkMigrationFolder } from './schema/framework-migrations.ts';

export {
  applicationMigrationFolder,
  MIGRATION_TARGETS,
  type MigrationTarget,
} from './application-migrations.ts';
export {
  DuplicateMigrationError,
  MissingMigrationFolderError,
  type MigrationOrigin,
} from './migration-files.ts';
export { frameworkMigrationFolder } from './schema/framework-migrations.ts';

/**
 * A migration folder: its path, or its path and how to import its files (the CLI imports an
 * application's through geo-runtime/config's host modules, which know about outDir).
 */
export type MigrationFolder = string | HostModuleFolder;

function folderPath(folder: MigrationFolder): string {
  return typeof folder === 'string' ? folder : folder.path;
}

/** The two folders whose migrations make one database's history. */
export interface MigrationSources {
  /** The framework's migrations (geo-runtime's tables); must exist. */
  readonly framework: string;
  /** The application's own; a missing folder has none. */
  readonly application: MigrationFolder;
}

/** The framework's and the application at `root`'s migrations of `target`. */
export function migrationSources(
  root: string,
  target: MigrationTarget,
  application: MigrationFolder = applicationMigrationFolder(root, target),
): MigrationSources {
  return { framework: frameworkMigrationFolder(target), application };
}

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly file: string,
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `Migration ${migration ?? '(unknown)'} (${file}) failed: ${messageOf(cause)}. ` +
        `Nothing of it was applied; fix the migration and run it again.`,
      { cause },
    );
  }
}

const importFile = (file: string): Promise<unknown> => import(pathToFileURL(file).href);

async function loadMigrations(
  files: readonly MigrationFile[],
  application: MigrationFolder,
): Promise<Record<string, Migration>> {
  const migrations: Record<string, Migration> = {};
  for (const { name, file, origin } of files) {
    const module =
      origin === 'application' && typeof application !== 'string'
        ? await application.importModule(file)
        : await importFile(file);
    if (!isMigration(module)) {
      throw new MigrationFailedError(file, name, new Error('it exports no up() function'));
    }
    const { up, down } = module;
    migrations[name] = down === undefined ? { up } : { up, down };
  }
  return migrations;
}

function isMigration(module: unknown): module is Migration {
  return (
    typeof module === 'object' &&
    module !== null &&
    'up' in module &&
    typeof module.up === 'function' &&
    (!('down' in module) || module.down === undefined || typeof module.down === 'function')
  );
}

/** Loads migrations from one folder, named `<timestamp>_<name>.ts`; other files are ignored. */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = mergeMigrationFiles(await migrationFiles(this.folder, 'application'));
    return loadMigrations(files, this.folder);
  }
}

/**
 * One database's history: the framework's migrations and the application's, merged by name (a
 * timestamp first), so that Kysely's one migration table records both in order.
 */
export class MigrationHistoryProvider implements MigrationProvider {
  constructor(readonly sources: MigrationSources) {}

  /** Every migration file of both folders, sorted by name. */
  async files(): Promise<MigrationFile[]> {
    const [framework, application] = await Promise.all([
      migrationFiles(this.sources.framework, 'framework', { required: true }),
      migrationFiles(folderPath(this.sources.application), 'application'),
    ]);
    return mergeMigrationFiles(framework, application);
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    return loadMigrations(await this.files(), this.sources.application);
  }
}

function migratorFor<DB>(db: Kysely<DB>, provider: MigrationProvider): Migrator {
  // Kysely serialises concurrent runs with an advisory lock and runs each migration in a transaction.
  // Migrations are written against no schema type (Kysely<unknown>), whatever the caller's is.
  return new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider,
    // A newer geo-runtime may bring a framework migration older than the application's latest:
    // it is pending, not a corrupted history. Rollbacks go back in the order migrations ran.
    allowUnorderedMigrations: true,
  });
}

async function run<DB>(
  db: Kysely<DB>,
  sources: MigrationSources,
  step: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<string[]> {
  const provider = new MigrationHistoryProvider(sources);
  const { error, results } = await step(migratorFor(db, provider));
  if (error === undefined) return (results ?? []).map((result) => result.migrationName);
  // Errors of reading the folders already say what to do.
  if (
    error instanceof DuplicateMigrationError ||
    error instanceof MissingMigrationFolderError ||
    error instanceof MigrationFailedError
  ) {
    throw error;
  }
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const file = failed === undefined ? undefined : await fileOf(provider, failed);
  throw new MigrationFailedError(file ?? folderPath(sources.application), failed, error);
}

async function fileOf(
  provider: MigrationHistoryProvider,
  name: string,
): Promise<string | undefined> {
  return (await provider.files()).find((file) => file.name === name)?.file;
}

/** Applies every pending migration of the framework and the application; returns their names. */
export async function migrateUp<DB>(db: Kysely<DB>, sources: MigrationSources): Promise<string[]> {
  return run(db, sources, (migrator) => migrator.migrateToLatest());
}

/** Reverts the last `steps` applied migrations (default one), whoever's; returns their names. */
export async function migrateDown<DB>(
  db: Kysely<DB>,
  sources: MigrationSources,
  steps = 1,
): Promise<string[]> {
  const reverted: string[] = [];
  for (let step = 0; step < steps; step++) {
    const names = await run(db, sources, (migrator) => migrator.migrateDown());
    if (names.length === 0) break;
    reverted.push(...names);
  }
  return reverted;
}

/** Reverts everything (used by tests and `db reset`). */
export async function migrateToZero<DB>(
  db: Kysely<DB>,
  sources: MigrationSources,
): Promise<string[]> {
  return run(db, sources, (migrator) => migrator.migrateTo(NO_MIGRATIONS));
}

export interface MigrationStatus {
  readonly name: string;
  readonly origin: MigrationOrigin;
  readonly state: 'up' | 'down';
  readonly executedAt: Date | undefined;
}

/** Every migration of the history, by name, with whose it is and whether it is applied. */
export async function migrationStatus<DB>(
  db: Kysely<DB>,
  sources: MigrationSources,
): Promise<MigrationStatus[]> {
  const provider = new MigrationHistoryProvider(sources);
  const origins = new Map((await provider.files()).map((file) => [file.name, file.origin]));
  const migrations = await migratorFor(db, provider).getMigrations();
  return migrations.map((migration) => ({
    name: migration.name,
    origin: origins.get(migration.name) ?? 'application',
    state: migration.executedAt ? 'up' : 'down',
    executedAt: migration.executedAt,
  }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
