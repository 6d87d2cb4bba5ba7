// npm run bench:verification [-- --files 2000 --size 4096]: how fast verification keeps up.
//
// Two sites on the embedded default (PGlite, HTTP on 127.0.0.1), N files of S bytes on the
// primary. Measured in this run, on these files: Node's own rate of reading and hashing them
// (readFile + createHash, one after the other), the primary's verification of all of them, the
// secondary's sync of all of them, and the secondary's verification of its copies. Prints each
// figure next to its limit and the ratio.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { GEO_NODE_REGISTRY_FIELDS } from '../app/graphql/geo-node-registry-fields.ts';
import { PackageFile } from '../app/models/package-file.ts';
import { PackageFileRegistry } from '../app/registries/package-file-registry.ts';
import { REPLICATOR_CLASSES } from '../app/replicator-classes.ts';
import { PackageFileReplicator } from '../app/replicators/package-file-replicator.ts';
import type { MainDatabase } from '../src/db/main-database.ts';
import { migrateUp, migrationSources } from '../src/db/migrations.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { TrackingDatabase } from '../src/db/tracking-database.ts';
import {
  FEATURE_FLAG_DEFINITIONS_DIR,
  loadFeatureFlagDefinitions,
} from '../src/feature-flags/definition.ts';
import { InProcessQueue } from '../src/jobs/in-process-queue.ts';
import type { GeoJobs } from '../src/site-runner/geo-jobs.ts';
import { SiteRunner } from '../src/site-runner/site-runner.ts';
import { GeoNodes } from '../src/sites/geo-nodes.ts';
import { GeoSite } from '../src/sites/geo-site.ts';
import { HttpBlobDownloader } from '../src/transfer/http-blob-downloader.ts';
import { verifyUntilDone } from '../src/workers/verification.ts';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '2000' },
    size: { type: 'string', default: '4096' },
  },
});
const FILES = Number(values.files);
const SIZE = Number(values.size);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const storage = await mkdtemp(join(tmpdir(), 'geo-bench-verification-'));
const main = await openDatabase<MainDatabase>({ kind: 'pglite' });
const tracking = await openDatabase<TrackingDatabase>({ kind: 'pglite' });
const runners: SiteRunner[] = [];
try {
  await migrateUp(main.db, migrationSources(ROOT, 'main'));
  await migrateUp(tracking.db, migrationSources(ROOT, 'tracking'));
  const definitions = await loadFeatureFlagDefinitions(join(ROOT, FEATURE_FLAG_DEFINITIONS_DIR));
  const nodes = new GeoNodes(main.db);
  await nodes.create({ name: 'primary', url: 'http://127.0.0.1', primary: true });
  await nodes.create({ name: 'secondary', url: 'http://127.0.0.1', filesMaxCapacity: 10 });
  const site = (name: string, secondary: boolean) =>
    GeoSite.load({
      name,
      mainDb: main.db,
      ...(secondary && { trackingDb: tracking.db }),
      storageRoot: join(storage, name),
      featureFlagDefinitions: definitions,
      ...(secondary && { fetchers: (s: GeoSite) => ({ blob: new HttpBlobDownloader(s) }) }),
    });
  const primarySite = await site('primary', false);
  await primarySite.flags.enable(PackageFileReplicator.replicationFeatureFlag);

  process.stderr.write(`creating ${FILES} files of ${SIZE} bytes on the primary…\n`);
  const project = await main.db
    .insertInto('namespaces')
    .values({ name: 'bench', path: 'bench', parent_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: projectId } = await main.db
    .insertInto('projects')
    .values({ name: 'bench', namespace_id: project.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const paths: string[] = [];
  for (let index = 0; index < FILES; index++) {
    const record = await PackageFile.create(
      primarySite,
      { project_id: projectId, file_name: `file-${index}.bin` },
      { name: `file-${index}.bin`, content: randomBytes(SIZE) },
    );
    paths.push(record.file.path ?? '');
  }

  // The limit: Node reading and hashing the same files, nothing else.
  let started = performance.now();
  for (const path of paths)
    createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  const hashSeconds = (performance.now() - started) / 1000;

  const primaryVerified = await verifyUntilDone(primarySite, PackageFileReplicator);
  const primaryVerifySeconds = (performance.now() - started) / 1000;

  // The secondary syncs everything through its own jobs (HTTP from the primary's retrieve API).
  const idle = 3_600_000;
  const primary = await new SiteRunner({
    site: primarySite,
    replicatorClasses: REPLICATOR_CLASSES,
    registryFields: GEO_NODE_REGISTRY_FIELDS,
    queue: new InProcessQueue<GeoJobs>({ concurrency: 4 }),
    intervals: {
      syncScheduler: idle,
      registryConsistency: idle,
      verification: idle,
      timeouts: idle,
      metrics: idle,
    },
    http: { port: 0, hostname: '127.0.0.1' },
  }).start();
  runners.push(primary);
  await nodes.update('primary', { url: primary.url ?? '', internalUrl: primary.url ?? '' });
  const secondarySite = await site('secondary', true);
  started = performance.now();
  const secondary = await new SiteRunner({
    site: secondarySite,
    replicatorClasses: REPLICATOR_CLASSES,
    registryFields: GEO_NODE_REGISTRY_FIELDS,
    queue: new InProcessQueue<GeoJobs>({ concurrency: 10 }),
    // Verification stays out of the sync's way: it is measured on its own below.
    intervals: {
      syncScheduler: 100,
      registryConsistency: 200,
      verification: idle,
      timeouts: idle,
      metrics: idle,
    },
    logCursor: false,
  }).start();
  runners.push(secondary);
  for (;;) {
    const { syncedCount } = await PackageFileRegistry.counts(secondarySite);
    if (syncedCount >= FILES) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const syncSeconds = (performance.now() - started) / 1000;
  await secondary.close();

  started = performance.now();
  const secondaryVerified = await verifyUntilDone(secondarySite, PackageFileReplicator);
  const secondaryVerifySeconds = (performance.now() - started) / 1000;
  const { verifiedCount } = await PackageFileRegistry.counts(secondarySite);
  if (primaryVerified !== FILES || secondaryVerified !== FILES || verifiedCount !== FILES) {
    throw new Error(
      `Not everything was verified: primary ${primaryVerified}, secondary ${secondaryVerified} (${verifiedCount} succeeded) of ${FILES}.`,
    );
  }

  const rate = (seconds: number) => FILES / seconds;
  const rows: [string, string, string, string, string][] = [
    ['figure', 'geo-runtime', 'limit (same run)', 'ratio', 'target'],
    [
      'primary verification, files/s',
      rate(primaryVerifySeconds).toFixed(0),
      `${rate(hashSeconds).toFixed(0)} (readFile + createHash)`,
      (rate(primaryVerifySeconds) / rate(hashSeconds)).toFixed(2),
      '>= 0.30',
    ],
    [
      'secondary verification, files/s',
      rate(secondaryVerifySeconds).toFixed(0),
      `${rate(hashSeconds).toFixed(0)} (readFile + createHash)`,
      (rate(secondaryVerifySeconds) / rate(hashSeconds)).toFixed(2),
      '>= 0.30',
    ],
    [
      'primary verification time, s',
      primaryVerifySeconds.toFixed(2),
      `${syncSeconds.toFixed(2)} (secondary sync)`,
      (primaryVerifySeconds / syncSeconds).toFixed(2),
      '<= 2',
    ],
    [
      'secondary verification time, s',
      secondaryVerifySeconds.toFixed(2),
      `${syncSeconds.toFixed(2)} (secondary sync)`,
      (secondaryVerifySeconds / syncSeconds).toFixed(2),
      '<= 2',
    ],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  process.stdout.write(
    `${FILES} files of ${SIZE} bytes, PGlite, verification_max_capacity ${primarySite.node.verificationMaxCapacity}\n`,
  );
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`);
  }
} finally {
  for (const runner of runners) await runner.close();
  await main.close();
  await tracking.close();
  await rm(storage, { recursive: true, force: true });
}
