import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { writePGliteSnapshots, type PGliteSnapshots } from './pglite-snapshots.ts';
import { POSTGRES_ADMIN_URL, REDIS_URL, selectedEngines, servicesRequired } from './services.ts';
import { pingRedis } from './redis-probe.ts';
import {
  dropTemplateDatabases,
  prepareTemplateDatabases,
  templateDatabaseNames,
  type TemplateDatabases,
} from './postgres-templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why PostgreSQL tests do not run, or null when they do. */
    postgresUnavailable: string | null;
    postgresTemplates: TemplateDatabases;
    /** Migrated PGlite data directories that test databases start from; null: migrate each. */
    pgliteSnapshots: PGliteSnapshots | null;
    /** Why Redis (BullMQ) tests do not run, or null when they do. */
    redisUnavailable: string | null;
  }
}

/**
 * Probes PostgreSQL once per run and migrates template databases that each test file clones, and
 * migrates one PGlite database per target whose data directory each test file loads.
 * Without PostgreSQL the suites run on PGlite alone and say so, unless services are required.
 */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setUpTestServices(project, { pgliteSnapshots: true });
}

export async function setUpTestServices(
  project: TestProject,
  options: { readonly pgliteSnapshots: boolean },
): Promise<() => Promise<void>> {
  const snapshotDir =
    options.pgliteSnapshots && selectedEngines().includes('pglite')
      ? await mkdtemp(join(tmpdir(), 'geo-pglite-snapshots-'))
      : undefined;
  const [postgres, snapshots] = await Promise.allSettled([
    preparePostgres(),
    snapshotDir ? writePGliteSnapshots(snapshotDir) : null,
  ]);
  const teardown = async () => {
    if (postgres.status === 'fulfilled' && postgres.value.unavailable === null) {
      await dropTemplateDatabases(postgres.value.templates);
    }
    if (snapshotDir) await rm(snapshotDir, { recursive: true, force: true });
  };
  // vitest runs no teardown of a setup that failed.
  if (postgres.status === 'rejected') {
    await teardown();
    throw postgres.reason;
  }
  if (snapshots.status === 'rejected') {
    await teardown();
    throw snapshots.reason;
  }
  project.provide('postgresUnavailable', postgres.value.unavailable);
  project.provide('postgresTemplates', postgres.value.templates);
  project.provide('pgliteSnapshots', snapshots.value);
  project.provide('redisUnavailable', await probeRedis());
  return teardown;
}

async function preparePostgres(): Promise<{
  unavailable: string | null;
  templates: TemplateDatabases;
}> {
  let unavailable: string | null = null;
  const templates = templateDatabaseNames();
  try {
    if (!selectedEngines().includes('postgres')) {
      throw new Error('GEO_TEST_ENGINES leaves it out');
    }
    await prepareTemplateDatabases(templates);
  } catch (error) {
    unavailable = `PostgreSQL at ${POSTGRES_ADMIN_URL} is not used (${String(error)})`;
    if (servicesRequired() && selectedEngines().includes('postgres')) {
      throw new Error(`${unavailable}. GEO_REQUIRE_SERVICES/CI is set, so these tests must run.`);
    }
    console.warn(
      `\n*** ${unavailable}.\n*** The PostgreSQL runs of the suites were NOT RUN; PGlite runs were. ` +
        `Start PostgreSQL (or set GEO_TEST_POSTGRES_URL, and leave postgres in GEO_TEST_ENGINES) to include them. ***\n`,
    );
  }
  return { unavailable, templates };
}

async function probeRedis(): Promise<string | null> {
  try {
    await pingRedis(REDIS_URL);
    return null;
  } catch (error) {
    const unavailable = `Redis at ${REDIS_URL} is not reachable (${String(error)})`;
    if (servicesRequired()) {
      throw new Error(`${unavailable}. GEO_REQUIRE_SERVICES/CI is set, so these tests must run.`);
    }
    console.warn(
      `\n*** ${unavailable}.\n*** The BullMQ (Redis) runs of the suites were NOT RUN. ***\n`,
    );
    return unavailable;
  }
}
