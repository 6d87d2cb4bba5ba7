import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { TrackingDatabase } from '../db/tracking-database.ts';
import { BullMqQueue } from '../jobs/bullmq-queue.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { redisConnection } from '../jobs/redis-connection.ts';
import type { GeoJobs, RecurringIntervals } from '../site-runner/geo-jobs.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import { GeoSite } from '../sites/geo-site.ts';
import { createLogger, DEFAULT_LOG_LEVEL, isTerminal, type LogLevel } from '../log/logger.ts';
import { HttpBlobDownloader } from '../transfer/http-blob-downloader.ts';
import { GitRepositoryFetcher } from '../repository/git-repository-fetcher.ts';
import { loadHostApp } from './host-app.ts';
import { errorLine } from './error-line.ts';
import { LoggedDownloader } from './logged-downloader.ts';
import { LoggedRepositoryFetcher } from './logged-repository-fetcher.ts';
import {
  listenProblem,
  requirePrimaryRepositoryStorages,
  requirePrimaryStorage,
} from './preflight.ts';
import { describeDatabase, type SiteEnvironment } from './site-config.ts';
import { openMainDatabase, openTracking } from './site-databases.ts';
import { SITE_START_ENV, SiteConfigError, type SiteStartConfig } from './site-start-options.ts';
import { logSiteEvent } from './site-log.ts';

export interface SiteProcessIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Aborted on SIGTERM/SIGINT: the process closes gracefully. */
  readonly shutdown: AbortSignal;
  /** The level of the structured logs (`GEO_LOG_LEVEL`; default `info`). */
  readonly logLevel?: LogLevel;
}

/** What a site served without an admin token leaves out (`siteHttpApp` answers them 403). */
const NO_ADMIN_TOKEN = `geo-runtime: no admin token (--admin-token / ${SITE_START_ENV.adminToken}): GraphQL, the status API and the metrics are off`;

/** The open read mode is a choice an operator should see made. */
const OPEN_GIT = `geo-runtime: --git-read-access open (${SITE_START_ENV.gitReadAccess}): anyone who can reach this site may read its git repositories`;

/**
 * One process of a site (`geo-runtime site:start`): opens its databases, loads the host's
 * replicators, runs a `SiteRunner` until `shutdown` aborts, then closes everything. Its first line
 * on stdout is `listening <url>` (or `running <site> without HTTP`), so a parent process can read
 * the URL, and its second a summary of the site; after them stdout holds only log records (JSON
 * lines, or readable ones on a terminal): one per download, event job and notable happening.
 */
export async function runSiteProcess(
  config: SiteStartConfig,
  environment: SiteEnvironment,
  io: SiteProcessIo,
): Promise<void> {
  // A parent that read the first line and closed the pipe must not bring the site down.
  for (const stream of [io.stdout, io.stderr]) stream.on('error', ignoreClosedPipe);
  const log = new HeldLog(io.stdout);
  // Every line after the first two goes through this logger: JSON lines for a collector, or
  // readable ones when a person watches a terminal.
  const logger = createLogger({
    site: config.name,
    level: io.logLevel ?? DEFAULT_LOG_LEVEL,
    destination: log.stream(),
    pretty: isTerminal(io.stdout),
  });
  const host = await loadHostApp(environment.root);
  if (config.jobs.kind === 'bullmq') await checkRedis(config.jobs.redisUrl);

  const closers: (() => Promise<void>)[] = [];
  let runner: SiteRunner | undefined;
  const connectionLost = (error: Error) =>
    io.stderr.write(`database connection lost: ${error.message}; the next query reconnects\n`);
  try {
    const { main, node } = await openMainDatabase(config, environment.main, connectionLost);
    closers.push(() => main.close());
    if (node.primary) {
      await requirePrimaryStorage(config.name, config.storage);
      await requirePrimaryRepositoryStorages(config);
    }
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
      ...(config.repositoryStorages && { repositoryStorages: config.repositoryStorages }),
      featureFlagDefinitions: host.featureFlagDefinitions,
      logger,
      ...(!node.primary && {
        fetchers: (site: GeoSite) => {
          const lease = config.downloadLeaseMs !== undefined && {
            leaseTtlMs: config.downloadLeaseMs,
          };
          return {
            blob: new LoggedDownloader(new HttpBlobDownloader(site, { ...lease }), logger),
            repository: new LoggedRepositoryFetcher(
              new GitRepositoryFetcher(site, { ...lease }),
              logger,
            ),
          };
        },
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
      gitReadAccess: config.gitReadAccess,
      logCursor: config.logCursor,
      onEvent: (event) => logSiteEvent(logger, event),
    });
    await startListening(runner, config);

    // The first line: what a parent process waits for.
    io.stdout.write(
      runner.url ? `listening ${runner.url}\n` : `running ${config.name} without HTTP\n`,
    );
    io.stdout.write(`${summary(config, environment, site)}\n`);
    if (config.http && config.adminToken === undefined) io.stderr.write(`${NO_ADMIN_TOKEN}\n`);
    if (config.http && config.gitReadAccess === 'open') io.stderr.write(`${OPEN_GIT}\n`);
    log.release();

    await aborted(io.shutdown);
    logger.info({ event: 'stopping' }, 'Stopping: finishing running jobs');
  } finally {
    await runner?.close();
    for (const close of closers.reverse()) await close();
  }
  logger.info({ event: 'stopped' }, 'Stopped');
}

/** Lines written before `listening …` wait, so that it is always the first. */
class HeldLog {
  #held: string[] | undefined = [];

  constructor(private readonly out: Writable) {}

  line(text: string): void {
    if (this.#held) this.#held.push(text);
    else this.out.write(`${text}\n`);
  }

  /** The same, as a stream of whole lines (a logger's destination). */
  stream(): Writable {
    return new Writable({
      decodeStrings: false,
      write: (chunk: string | Buffer, _encoding, done) => {
        for (const text of chunk.toString().split('\n')) if (text !== '') this.line(text);
        done();
      },
    });
  }

  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const text of held) this.out.write(`${text}\n`);
  }
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
    const reason = errorLine(cause ?? error).replace(/\.$/, '');
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
    `repositories ${Object.entries(site.repositoryStorages)
      .map(([name, path]) => `${name}=${path}`)
      .join(', ')}`,
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
