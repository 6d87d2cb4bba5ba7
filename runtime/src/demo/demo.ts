import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MainDatabase } from '../db/main-database.ts';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import { migrateUp, migrationFolder } from '../db/migrations.ts';
import { openDatabase, type Database } from '../db/open-database.ts';
import { readOnlyMainDatabase } from '../db/read-only-session.ts';
import {
  FEATURE_FLAG_DEFINITIONS_DIR,
  loadFeatureFlagDefinitions,
} from '../feature-flags/definition.ts';
import type { GeoNodeRegistryField } from '../graphql/index.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { BlobModel } from '../model/blob-model.ts';
import type { BlobReplicatorClass } from '../replicator/blob-replicator.ts';
import { modelTable } from '../model/replicable-model.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { GeoSite } from '../sites/geo-site.ts';
import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import { HttpBlobDownloader } from '../transfer/index.ts';
import type { ProgressFrame, ReplicableProgress } from './progress.ts';

/** What the demo reports per replicable (the `--json` line). */
export interface DemoResult {
  readonly created: number;
  readonly synced: number;
  readonly verified: number;
  readonly deleted: number;
  readonly mismatches_detected: number;
  readonly resynced: number;
}

export interface DemoOptions {
  /** Records to create per replicable. */
  readonly count: number;
  readonly replicatorClasses: readonly ReplicatorClass[];
  readonly registryFields: readonly GeoNodeRegistryField[];
  /** The host root (migrations, flag definitions). */
  readonly root?: string;
  /** Give up waiting for one phase after this long. */
  readonly phaseTimeoutMs?: number;
  readonly onFrame?: (frame: ProgressFrame) => void;
}

export interface DemoReport {
  readonly converged: boolean;
  readonly results: Readonly<Record<string, DemoResult>>;
  readonly failure?: string;
}

const ADMIN_TOKEN = randomBytes(16).toString('hex');
const RUNTIME_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Two sites in one process on the embedded default (PGlite, in-process jobs, HTTP on 127.0.0.1):
 * creates records on the primary, watches the secondary sync and verify them, deletes some,
 * corrupts some copies, and watches the deletions, the mismatches and the resyncs.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  // The demo makes blobs; the repository types join it with the repository strategy's demo.
  const replicatorClasses = options.replicatorClasses.filter(
    (replicator): replicator is BlobReplicatorClass => replicator.strategy === 'blob',
  );
  const root = options.root ?? RUNTIME_ROOT;
  const storage = await mkdtemp(join(tmpdir(), 'geo-demo-'));
  const started = Date.now();
  const log: string[] = [];
  const note = (entry: string) => log.push(entry);
  let main: Database<MainDatabase> | undefined;
  let tracking: Database<TrackingDatabase> | undefined;
  const runners: SiteRunner[] = [];
  const counters = new Map(
    replicatorClasses.map((r) => [
      r.replicableName,
      { created: 0, deleted: 0, mismatches: 0, resynced: 0 },
    ]),
  );

  try {
    main = await openDatabase<MainDatabase>({ kind: 'pglite' });
    tracking = await openDatabase<TrackingDatabase>({ kind: 'pglite' });
    await migrateUp(main.db, migrationFolder(root, 'main'));
    await migrateUp(tracking.db, migrationFolder(root, 'tracking'));
    const definitions = await loadFeatureFlagDefinitions(join(root, FEATURE_FLAG_DEFINITIONS_DIR));
    const nodes = new GeoNodes(main.db);
    await nodes.create({ name: 'primary', url: 'http://127.0.0.1', primary: true });
    await nodes.create({ name: 'secondary', url: 'http://127.0.0.1', filesMaxCapacity: 10 });

    const fast = {
      syncScheduler: 300,
      registryConsistency: 1000,
      verification: 300,
      timeouts: 5000,
      metrics: 500,
    };
    const primarySite = await GeoSite.load({
      name: 'primary',
      mainDb: main.db,
      storageRoot: join(storage, 'primary'),
      featureFlagDefinitions: definitions,
    });
    const primary = await new SiteRunner({
      site: primarySite,
      replicatorClasses: replicatorClasses,
      registryFields: options.registryFields,
      queue: new InProcessQueue<GeoJobs>({ concurrency: 4 }),
      intervals: fast,
      http: { port: 0 },
      adminToken: ADMIN_TOKEN,
    }).start();
    runners.push(primary);
    await nodes.update('primary', { url: primary.url ?? '', internalUrl: primary.url ?? '' });

    for (const replicator of replicatorClasses) {
      await primarySite.flags.enable(replicator.replicationFeatureFlag);
    }
    note(
      `primary at ${primary.url}; replication enabled for ${replicatorClasses.map((r) => r.replicableTitlePlural).join(', ')}`,
    );

    const secondarySite = await GeoSite.load({
      name: 'secondary',
      // One in-memory database for both sites: the secondary's view of it cannot write.
      mainDb: await readOnlyMainDatabase(main.db, main.config.kind),
      trackingDb: tracking.db,
      storageRoot: join(storage, 'secondary'),
      featureFlagDefinitions: definitions,
      fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }),
    });
    const secondary = await new SiteRunner({
      site: secondarySite,
      replicatorClasses: replicatorClasses,
      registryFields: options.registryFields,
      queue: new InProcessQueue<GeoJobs>({ concurrency: 10 }),
      intervals: fast,
      http: { port: 0 },
      adminToken: ADMIN_TOKEN,
      cursorIdleMs: 200,
    }).start();
    runners.push(secondary);
    note(`secondary at ${secondary.url} follows the primary's event log`);

    const frame = async (phase: string): Promise<ProgressFrame> => ({
      phase,
      elapsedMs: Date.now() - started,
      log,
      replicables: await Promise.all(
        replicatorClasses.map((r) => progressOf(primarySite, secondarySite, r)),
      ),
    });
    const waitFor = async (
      phase: string,
      done: (progress: readonly ReplicableProgress[]) => boolean,
    ) => {
      const deadline = Date.now() + (options.phaseTimeoutMs ?? 120_000);
      for (;;) {
        const current = await frame(phase);
        options.onFrame?.(current);
        if (done(current.replicables)) return;
        if (Date.now() > deadline)
          throw new Error(
            `${phase}: not done after ${(options.phaseTimeoutMs ?? 120_000) / 1000} s`,
          );
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const converged = (list: readonly ReplicableProgress[]) =>
      list.every(
        (p) =>
          p.registries === p.expected &&
          p.synced === p.expected &&
          p.verified === p.expected &&
          p.mismatches === 0,
      );

    // 1. Create records on the primary.
    const project = await main.db
      .insertInto('namespaces')
      .values({ name: 'Demo', path: 'demo' })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then(({ id }) =>
        main!.db
          .insertInto('projects')
          .values({ name: 'Demo', namespace_id: id })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
    const records = new Map<string, BlobModel[]>();
    for (const replicator of replicatorClasses) {
      const model = replicator.model;
      const created: BlobModel[] = [];
      for (let index = 1; index <= options.count; index++) {
        const name = `${replicator.replicableName}-${index}.bin`;
        created.push(
          await model.create(primarySite, { project_id: project.id, file_name: name } as never, {
            name,
            content: randomBytes(512 + index * 64),
          }),
        );
      }
      records.set(replicator.replicableName, created);
      counters.get(replicator.replicableName)!.created = created.length;
      note(
        `created ${created.length} ${replicator.replicableTitlePlural.toLowerCase()} on the primary`,
      );
    }
    await waitFor('syncing and verifying', converged);
    note('every copy synced and verified');

    // 2. Delete some on the primary: the secondary removes copies and registries.
    for (const replicator of replicatorClasses) {
      const list = records.get(replicator.replicableName) ?? [];
      const doomed = list.splice(0, Math.max(1, Math.floor(list.length / 5)));
      for (const record of doomed) await record.destroy();
      counters.get(replicator.replicableName)!.deleted = doomed.length;
      note(
        `deleted ${doomed.length} ${replicator.replicableTitlePlural.toLowerCase()} on the primary`,
      );
    }
    await waitFor('propagating deletions', converged);
    note('deletions reached the secondary');

    // 3. Corrupt some copies on the secondary; reverify; mismatches are detected and resynced.
    const corrupted = new Map<string, number[]>();
    for (const replicator of replicatorClasses) {
      const list = records.get(replicator.replicableName) ?? [];
      const victims = list.slice(0, Math.max(1, Math.floor(list.length / 5)));
      for (const record of victims) {
        const copy = await new replicator(secondarySite, { modelRecordId: record.id }).uploader();
        await writeFile(copy.path as string, 'bit rot');
      }
      corrupted.set(
        replicator.replicableName,
        victims.map((record) => record.id),
      );
      note(
        `corrupted ${victims.length} of the secondary's copies of ${replicator.replicableTitlePlural.toLowerCase()}`,
      );
    }
    for (const replicator of replicatorClasses) {
      await graphql(
        secondary.url ?? '',
        `mutation { geoRegistriesBulkUpdate(registryClass: ${constantOf(replicator)}, action: REVERIFY_ALL) { updatedCount } }`,
      );
    }
    note(
      'asked the secondary to reverify everything (GraphQL geoRegistriesBulkUpdate REVERIFY_ALL)',
    );
    await waitFor('detecting mismatches', (list) =>
      list.every((p) => p.mismatches >= (corrupted.get(p.replicableName)?.length ?? 0)),
    );
    for (const replicator of replicatorClasses) {
      const found = (await progressOf(primarySite, secondarySite, replicator)).mismatches;
      counters.get(replicator.replicableName)!.mismatches = found;
      note(
        `${found} checksum mismatches detected in ${replicator.replicableTitlePlural.toLowerCase()}; resyncing them`,
      );
      await graphql(
        secondary.url ?? '',
        `mutation { geoRegistriesBulkUpdate(registryClass: ${constantOf(replicator)}, action: RESYNC_ALL, verificationState: FAILED) { updatedCount } }`,
      );
    }
    await waitFor('resyncing', converged);
    for (const replicator of replicatorClasses) {
      const ids = corrupted.get(replicator.replicableName) ?? [];
      let resynced = 0;
      for (const id of ids) {
        const registry = await replicator.registryClass.findByModelId(secondarySite, id);
        if (registry?.state === 'synced' && registry.verificationState === 'succeeded') resynced++;
      }
      counters.get(replicator.replicableName)!.resynced = resynced;
    }
    note('mismatched copies downloaded again and verified');
    options.onFrame?.(await frame('converged'));

    const results: Record<string, DemoResult> = {};
    for (const replicator of replicatorClasses) {
      const progress = await progressOf(primarySite, secondarySite, replicator);
      const counter = counters.get(replicator.replicableName)!;
      results[replicator.replicableName] = {
        created: counter.created,
        synced: progress.synced,
        verified: progress.verified,
        deleted: counter.deleted,
        mismatches_detected: counter.mismatches,
        resynced: counter.resynced,
      };
    }
    return { converged: true, results };
  } catch (error) {
    return {
      converged: false,
      results: {},
      failure: error instanceof Error ? error.message : String(error),
    };
  } finally {
    for (const runner of runners.reverse()) await runner.close();
    await tracking?.close();
    await main?.close();
    await rm(storage, { recursive: true, force: true });
  }
}

/** `PACKAGE_FILE_REGISTRY`: the GraphQL enum value of a replicator's registry class. */
function constantOf(replicator: ReplicatorClass): string {
  return `${replicator.replicableName.toUpperCase()}_REGISTRY`;
}

async function graphql(url: string, query: string): Promise<void> {
  const response = await fetch(`${url}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (!response.ok || body.errors?.length) {
    throw new Error(
      `GraphQL ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? ''}`,
    );
  }
}

async function progressOf(
  primary: GeoSite,
  secondary: GeoSite,
  replicator: ReplicatorClass,
): Promise<ReplicableProgress> {
  const counts = await replicator.registryClass.counts(secondary);
  const expected = Number(
    (
      await modelTable(primary)
        .selectFrom(replicator.model.tableName)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
    ).count,
  );
  const mismatches = Number(
    (
      await replicator.registryClass
        .db(secondary)
        .selectFrom(replicator.registryClass.tableName)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('checksum_mismatch', '=', true)
        .executeTakeFirstOrThrow()
    ).count,
  );
  return {
    replicableName: replicator.replicableName,
    title: replicator.replicableTitlePlural,
    expected,
    registries: counts.registryCount,
    synced: counts.syncedCount,
    verified: counts.verifiedCount,
    failed: counts.failedCount,
    mismatches,
  };
}
