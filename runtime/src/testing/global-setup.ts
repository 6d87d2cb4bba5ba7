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

/** What the global setup prepares once per run and gives every test file (`inject`). */
export interface TestServices {
  /** The application whose migrations and feature flags tests use: the vitest project's root. */
  readonly applicationRoot: string;
  /** Why PostgreSQL tests do not run, or null when they do. */
  readonly postgresUnavailable: string | null;
  readonly postgresTemplates: TemplateDatabases;
  /** Migrated PGlite data directories that test databases start from; null: migrate each. */
  readonly pgliteSnapshots: PGliteSnapshots | null;
  /** Why Redis (BullMQ) tests do not run, or null when they do. */
  readonly redisUnavailable: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    applicationRoot: TestServices['applicationRoot'];
    postgresUnavailable: TestServices['postgresUnavailable'];
    postgresTemplates: TestServices['postgresTemplates'];
    pgliteSnapshots: TestServices['pgliteSnapshots'];
    redisUnavailable: TestServices['redisUnavailable'];
  }
}

/**
 * Probes PostgreSQL once per run and migrates template databases that each test file clones, and
 * migrates one PGlite database per target whose data directory each test file loads. The
 * migrations are the framework's and the application's: the vitest project's root, so that an
 * application's config can say `globalSetup: ['geo-runtime/testing/global-setup']`.
 * Without PostgreSQL the suites run on PGlite alone and say so, unless services are required.
 */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setUpTestServices(project, { root: project.config.root, pgliteSnapshots: true });
}

export interface TestServicesOptions {
  /** The application's root: its migration folders and feature flag definitions. */
  readonly root: string;
  readonly pgliteSnapshots: boolean;
  /** Names the PostgreSQL templates (default: this process), so that runs never collide. */
  readonly runId?: string;
}

/** Prepares the services and provides them to the project's test files. */
export async function setUpTestServices(
  project: TestProject,
  options: TestServicesOptions,
): Promise<() => Promise<void>> {
  const { services, teardown } = await prepareTestServices(options);
  project.provide('applicationRoot', services.applicationRoot);
  project.provide('postgresUnavailable', services.postgresUnavailable);
  project.provide('postgresTemplates', services.postgresTemplates);
  project.provide('pgliteSnapshots', services.pgliteSnapshots);
  project.provide('redisUnavailable', services.redisUnavailable);
  return teardown;
}

/** The global setup's work without vitest: the services, and how to remove what it created. */
export async function prepareTestServices(
  options: TestServicesOptions,
): Promise<{ services: TestServices; teardown: () => Promise<void> }> {
  const snapshotDir =
    options.pgliteSnapshots && selectedEngines().includes('pglite')
      ? await mkdtemp(join(tmpdir(), 'geo-pglite-snapshots-'))
      : undefined;
  const [postgres, snapshots] = await Promise.allSettled([
    preparePostgres(options.root, templateDatabaseNames(options.runId)),
    snapshotDir ? writePGliteSnapshots(snapshotDir, options.root) : null,
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
  const services: TestServices = {
    applicationRoot: options.root,
    postgresUnavailable: postgres.value.unavailable,
    postgresTemplates: postgres.value.templates,
    pgliteSnapshots: snapshots.value,
    redisUnavailable: await probeRedis(),
  };
  return { services, teardown };
}

async function preparePostgres(
  root: string,
  templates: TemplateDatabases,
): Promise<{
  unavailable: string | null;
  templates: TemplateDatabases;
}> {
  let unavailable: string | null = null;
  try {
    if (!selectedEngines().includes('postgres')) {
      throw new Error('GEO_TEST_ENGINES leaves it out');
    }
    await prepareTemplateDatabases(templates, root);
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
