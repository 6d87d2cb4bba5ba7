import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfig } from '../../src/db/database-config.ts';
import { adminQuery } from '../../src/testing/postgres-templates.ts';
import { postgresUrlFor, type TestEngine } from '../../src/testing/services.ts';

export interface ScratchDatabase {
  /** What `--database` takes: a PGlite directory (not created yet), or a PostgreSQL URL. */
  readonly setting: string;
  readonly config: DatabaseConfig;
  drop(): Promise<void>;
}

/** An empty database of its own, never migrated: a PGlite directory or a new PostgreSQL database. */
export async function scratchDatabase(engine: TestEngine): Promise<ScratchDatabase> {
  if (engine === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'geo-scratch-'));
    const dataDir = join(dir, 'data');
    return {
      setting: dataDir,
      config: { kind: 'pglite', dataDir },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `geo_test_scratch_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = postgresUrlFor(name);
  return {
    setting: url,
    config: { kind: 'postgres', url },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
