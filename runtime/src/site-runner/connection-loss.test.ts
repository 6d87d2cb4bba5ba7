import { readFile } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import type { PackageFile } from '../../app/models/package-file.ts';
import { PackageFileRegistry } from '../../app/registries/package-file-registry.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { adminSelect } from '../testing/postgres-templates.ts';
import { useTestDatabases } from '../testing/test-databases.ts';
import { HttpBlobDownloader } from '../transfer/http-blob-downloader.ts';
import type { GeoJobs } from './geo-jobs.ts';
import { SiteRunner } from './site-runner.ts';

const WAIT_MS = 30_000;

async function databaseName<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(db);
  return rows[0]!.name;
}

// A restart, a failover or pg_terminate_backend ends every connection of the pools at once: the
// process must survive it, and the next queries get new connections.
describe.skipIf(inject('postgresUnavailable') !== null)(
  'sites whose PostgreSQL connections are all terminated [postgres]',
  () => {
    const lost: Error[] = [];
    /** Jobs that failed, for the message of a wait that times out. */
    const failures: string[] = [];

    /** Polls `probe` until it returns a value; fails saying `what` after WAIT_MS. */
    async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) {
          throw new Error(
            `Not done after ${WAIT_MS} ms: ${what}. Failed jobs:\n${failures.join('\n')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const databases = useTestDatabases('postgres', {
      onConnectionError: (error) => lost.push(error),
    });
    const geo = useGeoSites(databases, {
      siteOptions: { fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }) },
    });

    const runner = (site: GeoSite, http: boolean) =>
      new SiteRunner({
        site,
        replicatorClasses: REPLICATOR_CLASSES,
        registryFields: GEO_NODE_REGISTRY_FIELDS,
        queue: new InProcessQueue<GeoJobs>({ concurrency: 2 }),
        intervals: {
          syncScheduler: 100,
          registryConsistency: 200,
          verification: 200,
          timeouts: 1000,
          metrics: 200,
        },
        cursorIdleMs: 50,
        onEvent: (event) => {
          if (event.kind === 'job-failed')
            failures.push(`${site.name} ${event.name}: ${event.error.message}`);
        },
        ...(http && { http: { port: 0 } }),
      }).start();

    async function syncedCopy(file: PackageFile): Promise<string | undefined> {
      const registry = await PackageFileRegistry.findByModelId(geo.secondary, file.id);
      if (registry?.state !== 'synced') return undefined;
      const copy = await new PackageFileReplicator(geo.secondary, {
        modelRecordId: file.id,
      }).uploader();
      return readFile(copy.path as string, 'utf8');
    }

    it('keeps syncing: a file created after the termination still reaches the secondary', async () => {
      await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
      const primary = await runner(geo.primary, true);
      const secondary = await runner(geo.secondary, false);
      try {
        await new GeoNodes(databases.main).update('primary', {
          url: primary.url ?? '',
          internalUrl: primary.url ?? '',
        });
        // The log cursor starts at the newest event: records created before it would only come
        // by backfill. Wait for it, then prove the sites sync before the connections go.
        await eventually('the log cursor starts', async () =>
          (await databases.tracking.selectFrom('event_log_states').select('event_id').execute())
            .length > 0
            ? true
            : undefined,
        );
        const before = await packageFileFactory
          .transient({ site: geo.primary })
          .create({ fileContent: 'before the termination' });
        expect(await eventually('the first file synced', () => syncedCopy(before))).toBe(
          'before the termination',
        );

        expect(lost).toEqual([]);
        const names = [await databaseName(databases.main), await databaseName(databases.tracking)];
        // In the select list, not the WHERE clause: the planner may evaluate WHERE conditions on
        // pg_stat_activity's rows before the datname join filters them (every backend of the server).
        const terminated = await adminSelect<{ pid: number; state: string | null }>(
          `SELECT pid, state, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
           WHERE datname IN (${names.map((name) => `'${name}'`).join(', ')})
             AND pid <> pg_backend_pid()`,
        );
        // A backend with a state has told its client it is ready: that client reports the loss
        // (an error event). One still starting fails its pool's connect() instead, unreported.
        const connected = terminated.filter((backend) => backend.state !== null).length;
        expect(connected).toBeGreaterThan(0);
        // Then no pool keeps a dead connection to hand out.
        await eventually('every pool to notice its terminated connections', async () =>
          lost.length >= connected ? true : undefined,
        );
        // How the loss reads depends on when the socket noticed: the server's message, the
        // driver's, or the operating system's reset (on a busy machine).
        for (const error of lost) {
          expect(error.message).toMatch(
            /^(terminating connection due to administrator command|Connection terminated unexpectedly|read ECONNRESET)$/,
          );
        }

        const after = await packageFileFactory
          .transient({ site: geo.primary })
          .create({ fileContent: 'after the termination' });
        expect(await eventually('the second file synced', () => syncedCopy(after))).toBe(
          'after the termination',
        );
      } finally {
        await secondary.close();
        await primary.close();
      }
    }, 120_000);
  },
);
