import type { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import type { DatabaseConfig } from '../db/database-config.ts';
import { openDatabase, type Database } from '../db/open-database.ts';
import { MainDatabaseReaderMissingError, WritableMainDatabaseError } from '../db/reader-role.ts';
import { BullMqQueue } from '../jobs/bullmq-queue.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { redisConnection } from '../jobs/redis-connection.ts';
import type { GeoJobs, RecurringIntervals } from '../site-runner/geo-jobs.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import type { GeoNode } from '../sites/geo-node.ts';
import { GeoNodeNotFoundError, GeoNodes } from '../sites/geo-nodes.ts';
import { GeoSite } from '../sites/geo-site.ts';
import { HttpBlobDownloader } from '../transfer/http-blob-downloader.ts';
import { loadHostApp } from './host-app.ts';
import { errorLine } from './error-line.ts';
import { LoggedDownloader } from './logged-downloader.ts';
import { checkDatabasePath, listenProblem, MIGRATE, requirePrimaryStorage } from './preflight.ts';
import { describeDatabase, type SiteEnvironment } from './site-config.ts';
import { SITE_START_ENV, SiteConfigError, type SiteStartConfig } from './site-start-options.ts';
import { siteEventLine } from './site-log.ts';

export interface SiteProcessIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Aborted on SIGTERM/SIGINT: the process closes gracefully. */
  readonly shutdown: AbortSignal;
}

/** What a site served without an admin token leaves out (`siteHttpApp` answers them 403). */
const NO_ADMIN_TOKEN = `geo-runtime: no admin token (--admin-token / ${SITE_START_ENV.adminToken}): GraphQL, the status API and the metrics are off`;

/** PostgreSQL's "relation does not exist". */
const UNDEFINED_TABLE = '42P01';

/**
 * One process of a site (`geo-runtime site:start`): opens its databases, loads the host's
 * replicators, runs a `SiteRunner` until `shutdown` aborts, then closes everything. Its first line
 * on stdout is `listening <url>` (or `running <site> without HTTP`), so a parent process can read
 * the URL; then one line per download, event job and notable happening.
 */
export async function runSiteProcess(
  config: SiteStartConfig,
  environment: SiteEnvironment,
  io: SiteProcessIo,
): Promise<void> {
  // A parent that read the first line and closed the pipe must not bring the site down.
  for (const stream of [io.stdout, io.stderr]) stream.on('error', ignoreClosedPipe);
  const log = new HeldLog(io.stdout);
  const host = await loadHostApp(environment.root);
  if (config.jobs.kind === 'bullmq') await checkRedis(config.jobs.redisUrl);

  const closers: (() => Promise<void>)[] = [];
  let runner: SiteRunner | undefined;
  const connectionLost = (error: Error) =>
    io.stderr.write(`database connection lost: ${error.message}; the next query reconnects\n`);
  try {
    const { main, node } = await openMainDatabase(config, environment.main, connectionLost);
    closers.push(() => main.close());
    if (node.primary) await requirePrimaryStorage(config.name, config.storage);
    let trackingDb: Kysely<TrackingDatabase> | undefined;
    if (!node.primary) {
      const tracking = await openTracking(environment.tracking, config.name, connectionLost);
      closers.push(() => tracking.close());
      trackingDb = tracking.db;
    }

    const site = await GeoSite.load({
      name: config.name,
      mainDb: main.db,
      ...(trackingDb && { trackingDb }),
      storageRoot: config.storage,
      featureFlagDefinitions: host.featureFlagDefinitions,
      ...(!node.primary && {
        fetchers: (site: GeoSite) => ({
          blob: new LoggedDownloader(
            new HttpBlobDownloader(site, {
              ...(config.downloadLeaseMs !== undefined && { leaseTtlMs: config.downloadLeaseMs }),
            }),
            (line) => log.line(line),
          ),
        }),
      }),
    });

    const queue = jobQueue(config);
    queue.on('error', (error) => io.stderr.write(`queue error: ${error.message}\n`));
    runner = new SiteRunner({
      site,
      replicatorClasses: host.replicatorClasses,
      registryFields: host.registryFields,
      queue,
      ...(config.intervalMs !== undefined && {
        intervals: everyInterval(config.intervalMs),
        cursorIdleMs: Math.min(1000, config.intervalMs),
      }),
      ...(config.http && { http: config.http }),
      ...(config.adminToken !== undefined && { adminToken: config.adminToken }),
      logCursor: config.logCursor,
      onEvent: (event) => {
        const line = siteEventLine(event);
        if (line === undefined) return;
        if (line.stream === 'stderr') io.stderr.write(`${line.text}\n`);
        else log.line(line.text);
      },
    });
    await startListening(runner, config);

    // The first line: what a parent process waits for.
    io.stdout.write(
      runner.url ? `listening ${runner.url}\n` : `running ${config.name} without HTTP\n`,
    );
    io.stdout.write(`${summary(config, environment, site)}\n`);
    if (config.http && config.adminToken === undefined) io.stderr.write(`${NO_ADMIN_TOKEN}\n`);
    log.release();

    await aborted(io.shutdown);
    io.stdout.write(`stopping ${config.name}: finishing running jobs\n`);
  } finally {
    await runner?.close();
    for (const close of closers.reverse()) await close();
  }
  io.stdout.write(`stopped ${config.name}\n`);
}

/** Lines written before `listening …` wait, so that it is always the first. */
class HeldLog {
  #held: string[] | undefined = [];

  constructor(private readonly out: Writable) {}

  line(text: string): void {
    if (this.#held) this.#held.push(text);
    else this.out.write(`${text}\n`);
  }

  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const text of held) this.out.write(`${text}\n`);
  }
}

/**
 * Opens the main database as the site needs it: writable for the primary; for a secondary, with
 * or without `--replica`, read-only in the database itself (as the reader role) and checked to
 * be so. `--replica` only makes the site read geo_nodes that way too.
 */
export async function openMainDatabase(
  config: Pick<SiteStartConfig, 'name' | 'replica'>,
  database: DatabaseConfig,
  onConnectionError?: (error: Error) => void,
): Promise<{ main: Database<MainDatabase>; node: GeoNode }> {
  let main = await openSiteDatabase<MainDatabase>(
    'main',
    database,
    config.replica,
    onConnectionError,
  );
  try {
    const node = await findNode(main.db, config.name);
    if (node.primary && config.replica) {
      throw new SiteConfigError(
        `Site ${config.name} is the primary: its main database must be writable. Drop --replica (GEO_MAIN_DATABASE_READ_ONLY).`,
      );
    }
    if (!node.primary && !config.replica) {
      await main.close();
      main = await openSiteDatabase<MainDatabase>('main', database, true, onConnectionError);
    }
    return { main, node };
  } catch (error) {
    await main.close();
    throw error;
  }
}

/**
 * Opens one of the site's databases as `site:start` does: `readOnly` makes the main one
 * read-only in the database itself (`openDatabase`'s `readOnly`).
 */
export async function openSiteDatabase<DB>(
  target: 'main' | 'tracking',
  config: DatabaseConfig,
  readOnly: boolean,
  onConnectionError?: (error: Error) => void,
): Promise<Database<DB>> {
  try {
    return await openDatabase<DB>(config, {
      readOnly,
      ...(onConnectionError && { onConnectionError }),
    });
  } catch (error) {
    // These say what to do already.
    if (
      error instanceof WritableMainDatabaseError ||
      error instanceof MainDatabaseReaderMissingError
    )
      throw new SiteConfigError(error.message);
    throw new SiteConfigError(
      `Cannot open the ${target} database (${describeDatabase(config)}): ${messageOf(error)}. ` +
        `Check ${target === 'main' ? 'GEO_MAIN_DATABASE' : 'GEO_TRACKING_DATABASE'}.`,
    );
  }
}

async function findNode(db: Kysely<MainDatabase>, name: string): Promise<GeoNode> {
  let node: GeoNode | undefined;
  try {
    node = await new GeoNodes(db).findByName(name);
  } catch (error) {
    throw new SiteConfigError(
      codeOf(error) === UNDEFINED_TABLE
        ? `The main database has no geo_nodes table: run geo-runtime db:migrate first.`
        : `Cannot read geo_nodes from the main database: ${messageOf(error)}. Check GEO_MAIN_DATABASE.`,
    );
  }
  if (!node) throw new SiteConfigError(new GeoNodeNotFoundError(name).message);
  if (!node.enabled) {
    throw new SiteConfigError(
      `Site ${name} is disabled in geo_nodes: enable it on the primary before starting it.`,
    );
  }
  return node;
}

async function openTracking(
  config: DatabaseConfig,
  name: string,
  onConnectionError: (error: Error) => void,
): Promise<Database<TrackingDatabase>> {
  if (config.kind === 'pglite' && config.dataDir === undefined) {
    throw new SiteConfigError(
      `Site ${name} is a secondary and needs its own tracking database: set GEO_TRACKING_DATABASE ` +
        `(a postgres:// URL or a directory) and run geo-runtime db:migrate --tracking.`,
    );
  }
  await checkDatabasePath(config, 'GEO_TRACKING_DATABASE', 'open', MIGRATE.tracking);
  const tracking = await openSiteDatabase<TrackingDatabase>(
    'tracking',
    config,
    false,
    onConnectionError,
  );
  try {
    await tracking.db.selectFrom('exclusive_leases').select('key').limit(1).execute();
  } catch (error) {
    await tracking.close();
    throw new SiteConfigError(
      codeOf(error) === UNDEFINED_TABLE
        ? `The tracking database is not migrated: run geo-runtime db:migrate --tracking first.`
        : `Cannot read the tracking database: ${messageOf(error)}. Check GEO_TRACKING_DATABASE.`,
    );
  }
  return tracking;
}

function jobQueue(config: SiteStartConfig): JobQueue<GeoJobs> {
  const jobs = config.jobs;
  if (jobs.kind === 'in-process')
    return new InProcessQueue<GeoJobs>({ concurrency: jobs.concurrency });
  const { redisUrl } = jobs;
  return new BullMqQueue<GeoJobs>({
    site: config.name,
    prefix: jobs.prefix,
    concurrency: jobs.concurrency,
    createClient: () => redisConnection(redisUrl),
  });
}

/** BullMQ's connections retry forever; a wrong URL should fail the start instead, at once. */
async function checkRedis(url: string): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // connect() only says "Connection is closed"; the error event says why (ECONNREFUSED, …).
  let cause: unknown;
  probe.on('error', (error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const reason = messageOf(cause ?? error).replace(/\.$/, '');
    throw new SiteConfigError(
      `Cannot reach Redis at ${redactedUrl(url)}: ${reason}. Start Redis or fix --redis (GEO_REDIS_URL).`,
    );
  } finally {
    probe.disconnect();
  }
}

async function startListening(runner: SiteRunner, config: SiteStartConfig): Promise<void> {
  try {
    await runner.start();
  } catch (error) {
    throw (config.http && listenProblem(error, config.http)) ?? error;
  }
}

function everyInterval(ms: number): RecurringIntervals {
  return {
    syncScheduler: ms,
    registryConsistency: ms,
    verification: ms,
    timeouts: ms,
    metrics: ms,
  };
}

function summary(config: SiteStartConfig, environment: SiteEnvironment, site: GeoSite): string {
  const role = site.isPrimary() ? 'primary' : 'secondary';
  const jobs =
    config.jobs.kind === 'bullmq'
      ? `BullMQ on ${redactedUrl(config.jobs.redisUrl)} (prefix ${config.jobs.prefix})`
      : 'in-process queue';
  const parts = [
    `site ${config.name} (${role}, pid ${process.pid})`,
    `main ${describeDatabase(environment.main)}${site.isSecondary() ? ' read-only' : ''}`,
    ...(site.isSecondary() ? [`tracking ${describeDatabase(environment.tracking)}`] : []),
    `jobs ${jobs}, concurrency ${config.jobs.concurrency}`,
    `storage ${config.storage}`,
  ];
  return parts.join('; ');
}

function redactedUrl(text: string): string {
  const url = new URL(text);
  if (url.password) url.password = '***';
  return url.toString();
}

function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return errorLine(error);
}
