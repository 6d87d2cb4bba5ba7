import { openAsBlob } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Kysely } from 'kysely';
import type { PGliteStartOptions } from '../db/open-database.ts';
import { migrateUp, type MigrationTarget } from '../db/migrations.ts';
import { applicationMigrationSources } from './application-sources.ts';

/** Per target, a tarball of a PGlite data directory with every migration of its history applied. */
export type PGliteSnapshots = Readonly<Record<MigrationTarget, string>>;

/**
 * Migrates one PGlite database per target and dumps each data directory into `dir`. initdb (the
 * slow part of a PGlite start) runs once: the second database starts from the first's empty dump.
 * The migrations are the framework's and those of the application at `root`.
 */
export async function writePGliteSnapshots(dir: string, root: string): Promise<PGliteSnapshots> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  // Uncompressed: 40 MB each on disk, and loaded faster than gzip.
  const migrated = async (target: MigrationTarget, from?: Blob) => {
    const pglite = await PGlite.create(from ? { loadDataDir: from } : {});
    const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
    try {
      const empty = from ?? (await pglite.dumpDataDir('none'));
      await migrateUp(db, await applicationMigrationSources(root, target));
      const file = join(dir, `${target}.tar`);
      await writeFile(file, new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer()));
      return { file, empty };
    } finally {
      await db.destroy(); // Closes the PGlite instance too.
    }
  };
  const main = await migrated('main');
  const tracking = await migrated('tracking', main.empty);
  return { main: main.file, tracking: tracking.file };
}

declare global {
  // Node has it; this project's lib (ES2023, no DOM) does not declare it.
  namespace WebAssembly {
    interface Module {}
    function compile(bytes: Uint8Array): Promise<Module>;
  }
}

let wasmModule: Promise<WebAssembly.Module> | undefined;

/** How a test database starts from its snapshot, with pglite.wasm compiled once per process. */
export async function pgliteStartFrom(snapshot: string): Promise<PGliteStartOptions> {
  wasmModule ??= (async () => {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    return WebAssembly.compile(await readFile(join(dist, 'pglite.wasm')));
  })();
  const [loadDataDir, module] = await Promise.all([openAsBlob(snapshot), wasmModule]);
  return { loadDataDir, wasmModule: module };
}
