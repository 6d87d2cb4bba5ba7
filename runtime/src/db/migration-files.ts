import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Who wrote a migration: the framework (shipped in geo-runtime) or the application using it. */
export type MigrationOrigin = 'framework' | 'application';

/** One migration file: its name (what Kysely records), where it is and whose it is. */
export interface MigrationFile {
  readonly name: string;
  readonly file: string;
  readonly origin: MigrationOrigin;
}

/**
 * `20261126000100_create_package_files.ts`: a sortable timestamp, then what it does. `.js` too,
 * for a built package; declarations (`.d.ts`) and source maps do not match.
 */
const MIGRATION_FILE = /^(\d{14}_[a-z0-9_]+)\.(ts|js)$/;

export class MissingMigrationFolderError extends Error {
  override readonly name = 'MissingMigrationFolderError';
  constructor(readonly folder: string) {
    super(
      `The framework's migrations are missing (no folder ${folder}): geo-runtime is installed ` +
        `incompletely; reinstall it (a build of it must include dist/db/schema).`,
    );
  }
}

export class DuplicateMigrationError extends Error {
  override readonly name = 'DuplicateMigrationError';
  constructor(
    readonly migration: string,
    readonly files: readonly string[],
  ) {
    super(
      `Two migrations are named ${migration} (${files.join(' and ')}): one history records each ` +
        `name once, so one of them would never run. Rename the application's one with a new ` +
        `timestamp (or delete a compiled copy beside its source).`,
    );
  }
}

/**
 * The migration files of one folder, sorted by name; other files are ignored. A missing folder
 * has none, unless `required`.
 */
export async function migrationFiles(
  folder: string,
  origin: MigrationOrigin,
  options: { readonly required?: boolean } = {},
): Promise<MigrationFile[]> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (options.required) throw new MissingMigrationFolderError(folder);
    return [];
  }
  return entries
    .flatMap((entry) => {
      const name = MIGRATION_FILE.exec(entry)?.[1];
      return name === undefined ? [] : [{ name, file: join(folder, entry), origin }];
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Merges lists of migration files into one, sorted by name; a name twice is an error. */
export function mergeMigrationFiles(...lists: readonly MigrationFile[][]): MigrationFile[] {
  const byName = new Map<string, MigrationFile>();
  for (const file of lists.flat()) {
    const other = byName.get(file.name);
    if (other) throw new DuplicateMigrationError(file.name, [other.file, file.file]);
    byName.set(file.name, file);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
