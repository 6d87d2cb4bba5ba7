// Sites as separate `geo-runtime site:start` processes on the machine's PostgreSQL and Redis: the
// databases (cloned from the run's migrated templates), the storage, the primary process and its
// node rows, secondary processes on demand, and everything removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import type { MainDatabase } from '../../src/db/main-database.ts';
import type { TrackingDatabase } from '../../src/db/tracking-database.ts';
import { openDatabase, type Database } from '../../src/db/open-database.ts';
import {
  FEATURE_FLAG_DEFINITIONS_DIR,
  loadFeatureFlagDefinitions,
} from '../../src/feature-flags/definition.ts';
import type { ReplicatorClass } from '../../src/replicator/replicator.ts';
import { GeoNodes } from '../../src/sites/geo-nodes.ts';
import { GeoSite } from '../../src/sites/geo-site.ts';
import { adminQuery, RUNTIME_ROOT } from '../../src/testing/postgres-templates.ts';
import { postgresUrlFor, REDIS_URL } from '../../src/testing/services.ts';
import { ChildSite } from './child-site.ts';

export const WAIT_MS = 60_000;

/** Why these tests cannot run here (no PostgreSQL or Redis), or null when they can. */
export function separateProcessSitesUnavailable(): string | null {
  return inject('postgresUnavailable') ?? inject('redisUnavailable');
}

export interface SeparateProcessSitesOptions {
  /** Their replication flag is turned on on the primary. */
  readonly replicators: readonly ReplicatorClass[];
  /** Extra `site:start` arguments of the primary (e.g. `--admin-token`). */
  readonly primaryArgs?: readonly string[];
}

export interface SeparateProcessSites {
  readonly main: Database<MainDatabase>;
  readonly tracking: Database<TrackingDatabase>;
  /** The primary seen from this process, to create records as the host application would. */
  readonly primarySite: GeoSite;
  readonly primary: ChildSite;
  readonly primaryUrl: string;
  readonly primaryStorage: string;
  readonly secondaryStorage: string;
  readonly mainDatabaseUrl: string;
  /** Every process started so far (for failure messages). */
  readonly children: readonly ChildSite[];
  /** Starts one process of the secondary (`--replica`, its own tracking database). */
  startSecondary(label: string, args: readonly string[]): ChildSite;
  /**
   * Waits until a secondary process's log cursor has started: records created before it would
   * reach the secondary by backfill only, and their deletions would leave the copies behind.
   */
  waitForLogCursor(): Promise<void>;
  /** Polls `probe` until it returns a value; fails with every process's output after `timeoutMs`. */
  eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  transcripts(): string;
}

/**
 * A primary process started before the tests (its URL in its node row) and a secondary node
 * whose processes each test file starts with `startSecondary`; all stopped and removed after.
 */
export function useSeparateProcessSites(
  options: SeparateProcessSitesOptions,
): SeparateProcessSites {
  const run = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const names = { main: `geo_e2e_main_${run}`, tracking: `geo_e2e_tracking_${run}` };
  const queuePrefix = `geo-e2e-${run}`;
  const common = ['--redis', REDIS_URL, '--redis-prefix', queuePrefix, '--interval-ms', '300'];
  const children: ChildSite[] = [];
  const created: string[] = [];
  let storage = '';
  let state:
    | {
        main: Database<MainDatabase>;
        tracking: Database<TrackingDatabase>;
        primarySite: GeoSite;
        primary: ChildSite;
        primaryUrl: string;
      }
    | undefined;
  const ready = () => {
    if (!state) throw new Error('Separate-process sites are used before beforeAll() started them.');
    return state;
  };
  const transcripts = () => children.map((child) => child.transcript()).join('\n');

  async function eventually<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = WAIT_MS,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(`Not done after ${timeoutMs} ms: ${what}.\n${transcripts()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    const templates = inject('postgresTemplates');
    for (const target of ['main', 'tracking'] as const) {
      await adminQuery(`CREATE DATABASE ${names[target]} TEMPLATE ${templates[target]}`);
      created.push(names[target]);
    }
    storage = await mkdtemp(join(tmpdir(), 'geo-e2e-'));
    // A primary refuses to start without its storage; the secondary's syncs create its own.
    await mkdir(join(storage, 'primary'));
    const main = await openDatabase<MainDatabase>({
      kind: 'postgres',
      url: postgresUrlFor(names.main),
    });
    const tracking = await openDatabase<TrackingDatabase>({
      kind: 'postgres',
      url: postgresUrlFor(names.tracking),
    });
    const nodes = new GeoNodes(main.db);
    await nodes.create({ name: 'primary', url: 'http://127.0.0.1:1', primary: true });
    await nodes.create({ name: 'secondary', url: 'http://127.0.0.1:2', filesMaxCapacity: 10 });
    const primarySite = await GeoSite.load({
      name: 'primary',
      mainDb: main.db,
      storageRoot: join(storage, 'primary'),
      featureFlagDefinitions: await loadFeatureFlagDefinitions(
        join(RUNTIME_ROOT, FEATURE_FLAG_DEFINITIONS_DIR),
      ),
    });
    for (const replicator of options.replicators) {
      await primarySite.flags.enable(replicator.replicationFeatureFlag);
    }

    // The primary first, on any port; its node row then points the secondary at it.
    const primary = ChildSite.spawn(
      'primary',
      [
        ...common,
        ...['--name', 'primary', '--storage', join(storage, 'primary'), '--port', '0'],
        ...(options.primaryArgs ?? []),
      ],
      { GEO_MAIN_DATABASE: postgresUrlFor(names.main) },
    );
    children.push(primary);
    const primaryUrl = (await primary.ready(WAIT_MS)).replace(/^listening /, '');
    await nodes.update('primary', { url: primaryUrl, internalUrl: primaryUrl });
    state = { main, tracking, primarySite, primary, primaryUrl };
  }, 240_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await state?.main.close();
    await state?.tracking.close();
    for (const name of created) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const keys: string[] = [];
      for await (const batch of redis.scanStream({ match: `${queuePrefix}:*`, count: 500 })) {
        keys.push(...(batch as string[]));
      }
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    if (storage) await rm(storage, { recursive: true, force: true });
  }, 240_000);

  return {
    get main() {
      return ready().main;
    },
    get tracking() {
      return ready().tracking;
    },
    get primarySite() {
      return ready().primarySite;
    },
    get primary() {
      return ready().primary;
    },
    get primaryUrl() {
      return ready().primaryUrl;
    },
    get primaryStorage() {
      return join(storage, 'primary');
    },
    get secondaryStorage() {
      return join(storage, 'secondary');
    },
    get mainDatabaseUrl() {
      return postgresUrlFor(names.main);
    },
    children,
    startSecondary(label, args) {
      const child = ChildSite.spawn(
        label,
        [
          ...common,
          ...['--name', 'secondary', '--storage', join(storage, 'secondary'), '--replica'],
          ...args,
        ],
        {
          GEO_MAIN_DATABASE: postgresUrlFor(names.main),
          GEO_TRACKING_DATABASE: postgresUrlFor(names.tracking),
        },
      );
      children.push(child);
      return child;
    },
    async waitForLogCursor() {
      await eventually('the log cursor starts', async () =>
        (await ready()
          .tracking.db.selectFrom('event_log_states')
          .select('event_id')
          .executeTakeFirst()) === undefined
          ? undefined
          : true,
      );
    },
    eventually,
    transcripts,
  };
}
