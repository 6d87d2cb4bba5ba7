import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  tempApplication,
  WIDGET_FLAG,
  WIDGET_REGISTRY_MIGRATION,
  WIDGETS_MIGRATION,
} from '../../test/support/temp-application.ts';
import { UndefinedFeatureFlagError } from '../feature-flags/feature-flags.ts';
import { applicationRoot } from './application-root.ts';
import { useGeoSites } from './geo-test-sites.ts';
import { prepareTestServices, type TestServices } from './global-setup.ts';
import { RUNTIME_ROOT } from './postgres-templates.ts';
import { selectedEngines } from './services.ts';
import { useTestDatabases } from './test-databases.ts';

async function tables<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`.execute(db);
  return rows.map((row) => row.table_name);
}

async function applied<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
  return rows.map((row) => row.name);
}

it("gives test files the vitest project's root as the application under test", () => {
  // This project's root is runtime/: its host is the application these tests run.
  expect(resolve(applicationRoot())).toBe(resolve(RUNTIME_ROOT));
});

// What an application's own vitest run gets from `globalSetup: ['geo-runtime/testing/global-setup']`:
// the setup's work for another root than this project's.
describe("the global setup's preparation for an application of its own", () => {
  const app = tempApplication();
  let prepared: { services: TestServices; teardown: () => Promise<void> } | undefined;
  const services = () => {
    if (!prepared) throw new Error('The services are used before beforeAll() prepared them.');
    return prepared.services;
  };
  beforeAll(async () => {
    prepared = await prepareTestServices({
      root: app.root,
      pgliteSnapshots: true,
      runId: randomBytes(4).toString('hex'),
    });
  });
  afterAll(async () => {
    await prepared?.teardown();
    await app.remove();
  });

  it('provides its root', () => {
    expect(services().applicationRoot).toBe(app.root);
  });

  for (const engine of selectedEngines()) {
    const unavailable = engine === 'postgres' ? inject('postgresUnavailable') : null;
    describe.skipIf(unavailable !== null)(`[${engine}]`, () => {
      const databases = useTestDatabases(engine, { sources: services });
      const sites = useGeoSites(databases, { root: app.root });

      it("opens test databases with the application's tables on the framework's", async () => {
        const { main, tracking } = databases;
        expect(await tables(main)).toEqual(expect.arrayContaining(['geo_nodes', 'widgets']));
        expect(await tables(main)).not.toContain('package_files');
        expect(await applied(main)).toContain(WIDGETS_MIGRATION);
        expect(await tables(tracking)).toEqual(
          expect.arrayContaining(['event_log_states', 'widget_registry']),
        );
        expect(await applied(tracking)).toContain(WIDGET_REGISTRY_MIGRATION);
      });

      it("gives its sites the application's feature flags, and only those", async () => {
        expect(await sites.primary.flags.isEnabled(WIDGET_FLAG)).toBe(true);
        await expect(
          sites.secondary.flags.isEnabled('geo_package_file_replication'),
        ).rejects.toThrow(UndefinedFeatureFlagError);
      });
    });
  }
});
