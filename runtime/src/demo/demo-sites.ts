import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MainDatabase } from '../db/main-database.ts';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import { migrateUp, migrationSources } from '../db/migrations.ts';
import { openDatabase, type Database } from '../db/open-database.ts';
import { readOnlyMainDatabase } from '../db/read-only-session.ts';
import {
  FEATURE_FLAG_DEFINITIONS_DIR,
  loadFeatureFlagDefinitions,
} from '../feature-flags/definition.ts';
import type { GeoNodeRegistryField } from '../graphql/index.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import { GitRepositoryFetcher } from '../repository/git-repository-fetcher.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { GeoSite } from '../sites/geo-site.ts';
import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import { HttpBlobDownloader } from '../transfer/index.ts';

/** A primary and a secondary running in this process, and how to reach them. */
export interface DemoSites {
  readonly primary: GeoSite;
  readonly secondary: GeoSite;
  readonly primaryUrl: string;
  readonly secondaryUrl: string;
  /** Opens GraphQL (and the rest of the admin API) on both sites. */
  readonly adminToken: string;
  /** Stops both sites and closes their databases. Idempotent. */
  close(): Promise<void>;
}

export interface DemoSitesOptions {
  /** The host root (migrations, flag definitions). */
  readonly root: string;
  /** Each site keeps its files and repositories in a directory of its own below this one. */
  readonly storage: string;
  readonly replicatorClasses: readonly ReplicatorClass[];
  readonly registryFields: readonly GeoNodeRegistryField[];
  readonly onNote: (entry: string) => void;
}

/** The original runs its recurring jobs every minute; a demo wants them within a second. */
const DEMO_INTERVALS = {
  syncScheduler: 300,
  registryConsistency: 1000,
  verification: 300,
  timeouts: 5000,
  metrics: 500,
};

/**
 * Starts two sites on the embedded default (PGlite, in-process jobs, HTTP on 127.0.0.1) with
 * replication on for every data type: the secondary downloads blobs over the retrieve API and
 * mirrors repositories over smart HTTP, both with `GL-Geo` tokens.
 */
export async function startDemoSites(options: DemoSitesOptions): Promise<DemoSites> {
  const { root, storage, replicatorClasses, registryFields, onNote } = options;
  const adminToken = randomBytes(16).toString('hex');
  const opened: Database<MainDatabase | TrackingDatabase>[] = [];
  const runners: SiteRunner[] = [];
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const runner of runners.reverse()) await runner.close();
      for (const database of opened.reverse()) await database.close();
    })());

  try {
    const main = await openDatabase<MainDatabase>({ kind: 'pglite' });
    opened.push(main);
    const tracking = await openDatabase<TrackingDatabase>({ kind: 'pglite' });
    opened.push(tracking);
    await migrateUp(main.db, migrationSources(root, 'main'));
    await migrateUp(tracking.db, migrationSources(root, 'tracking'));
    const definitions = await loadFeatureFlagDefinitions(join(root, FEATURE_FLAG_DEFINITIONS_DIR));
    const nodes = new GeoNodes(main.db);
    await nodes.create({ name: 'primary', url: 'http://127.0.0.1', primary: true });
    await nodes.create({ name: 'secondary', url: 'http://127.0.0.1', filesMaxCapacity: 10 });

    const primary = await GeoSite.load({
      name: 'primary',
      mainDb: main.db,
      storageRoot: join(storage, 'primary'),
      featureFlagDefinitions: definitions,
    });
    const primaryRunner = await new SiteRunner({
      site: primary,
      replicatorClasses,
      registryFields,
      queue: new InProcessQueue<GeoJobs>({ concurrency: 4 }),
      intervals: DEMO_INTERVALS,
      http: { port: 0 },
      adminToken,
    }).start();
    runners.push(primaryRunner);
    const primaryUrl = primaryRunner.url ?? '';
    await nodes.update('primary', { url: primaryUrl, internalUrl: primaryUrl });
    for (const replicator of replicatorClasses) {
      await primary.flags.enable(replicator.replicationFeatureFlag);
    }
    onNote(
      `primary at ${primaryUrl}; replication enabled for ` +
        replicatorClasses.map((r) => r.replicableTitlePlural).join(', '),
    );

    const secondary = await GeoSite.load({
      name: 'secondary',
      // One in-memory database for both sites: the secondary's view of it cannot write.
      mainDb: await readOnlyMainDatabase(main.db, main.config.kind),
      trackingDb: tracking.db,
      storageRoot: join(storage, 'secondary'),
      featureFlagDefinitions: definitions,
      fetchers: (site) => ({
        blob: new HttpBlobDownloader(site),
        repository: new GitRepositoryFetcher(site),
      }),
    });
    const secondaryRunner = await new SiteRunner({
      site: secondary,
      replicatorClasses,
      registryFields,
      queue: new InProcessQueue<GeoJobs>({ concurrency: 10 }),
      intervals: DEMO_INTERVALS,
      http: { port: 0 },
      adminToken,
      cursorIdleMs: 200,
    }).start();
    runners.push(secondaryRunner);
    const secondaryUrl = secondaryRunner.url ?? '';
    await nodes.update('secondary', { url: secondaryUrl, internalUrl: secondaryUrl });
    onNote(`secondary at ${secondaryUrl} follows the primary's event log`);
    return { primary, secondary, primaryUrl, secondaryUrl, adminToken, close };
  } catch (error) {
    await close();
    throw error;
  }
}
