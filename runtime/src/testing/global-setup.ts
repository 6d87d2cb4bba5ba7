import type { TestProject } from 'vitest/node';
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
    /** Why Redis (BullMQ) tests do not run, or null when they do. */
    redisUnavailable: string | null;
  }
}

/**
 * Probes PostgreSQL once per run and migrates template databases that each test file clones.
 * Without PostgreSQL the suites run on PGlite alone and say so, unless services are required.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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
  project.provide('postgresUnavailable', unavailable);
  project.provide('postgresTemplates', templates);
  project.provide('redisUnavailable', await probeRedis());
  return async () => {
    if (unavailable === null) await dropTemplateDatabases(templates);
  };
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
