import type { GeoNodeRegistryField } from '../graphql/index.ts';
import type { JobHandler, JobQueue } from '../jobs/job-queue.ts';
import type { JsonValue } from '../jobs/json.ts';
import { handleEvent } from '../log-cursor/event-handler.ts';
import { newCorrelationId, withLogContext, type LogContext } from '../log/logger.ts';
import { LogCursor, type CursorCycle } from '../log-cursor/log-cursor.ts';
import { STRATEGIES, type ReplicatorClass } from '../replicator/replicator.ts';
import type { GitReadAccess } from '../site-git/git-read-access.ts';
import type { SiteGitEvent } from '../site-git/site-git-routes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { eventLogStatus } from '../status/event-log-status.ts';
import { combinedExposition, processMetricsRegistry, StatusMetrics } from '../status/prometheus.ts';
import { updateSiteStatus } from '../status/site-status.ts';
import { postStatusToPrimary } from '../status/site-statuses.ts';
import { serve } from '../transfer/index.ts';
import { reconcileAllRegistries } from '../workers/registry-consistency.ts';
import { nextSyncTargets } from '../workers/registry-sync-scheduler.ts';
import { sweepTimeouts, type OrphanedDownload } from '../workers/timeouts.ts';
import { prepareVerification, VerificationWorker } from '../workers/verification.ts';
import {
  DEFAULT_INTERVALS,
  SYNC_JOBS,
  syncJobId,
  type GeoJobs,
  type RecurringIntervals,
} from './geo-jobs.ts';
import { siteHttpApp } from './site-http.ts';

export interface SiteRunnerOptions {
  readonly site: GeoSite;
  /** The host's REPLICATOR_CLASSES. */
  readonly replicatorClasses: readonly ReplicatorClass[];
  /** The host's GEO_NODE_REGISTRY_FIELDS (GraphQL). */
  readonly registryFields: readonly GeoNodeRegistryField[];
  readonly queue: JobQueue<GeoJobs>;
  readonly intervals?: Partial<RecurringIntervals>;
  /** Serve HTTP on this port (0: any free one); omit to serve nothing. */
  readonly http?: { readonly port: number; readonly hostname?: string };
  /**
   * Opens GraphQL, the status and the metrics to administrators, and the site's git repositories
   * to readers who send it; unset, they answer 403.
   */
  readonly adminToken?: string;
  /** Who reads the site's git repositories besides secondaries: `admin` (default) or `open`. */
  readonly gitReadAccess?: GitReadAccess;
  /** Run the log cursor in this process (secondaries; default true). Any number may; one is active. */
  readonly logCursor?: boolean;
  readonly cursorIdleMs?: number;
  /** The status API lists a site's status as outdated past this age (default: an hour). */
  readonly statusOutdatedAfterMs?: number;
  /** The clock of statuses and their ages (tests move it); default the system's. */
  readonly now?: () => Date;
  /** Notable happenings, for logs and the demo. */
  readonly onEvent?: (event: SiteRunnerEvent) => void;
}

/** A job as the site's events describe it. */
export interface SiteJob {
  readonly id: string;
  readonly name: keyof GeoJobs & string;
  readonly data: GeoJobs[keyof GeoJobs];
}

export type SiteRunnerEvent =
  | { readonly kind: 'cursor'; readonly cycle: CursorCycle }
  /** A handler of this process began a job (the process that runs it is the one that logs it). */
  | { readonly kind: 'job-started'; readonly job: SiteJob }
  | { readonly kind: 'job-completed'; readonly job: SiteJob; readonly ms: number }
  | { readonly kind: 'job-failed'; readonly name: string; readonly error: Error }
  /** The timeout sweep failed a sync whose worker died; its retry is queued when due. */
  | { readonly kind: 'orphaned-download'; readonly download: OrphanedDownload }
  | SiteGitEvent;

/**
 * One process of a site: its job handlers and recurring jobs, the log cursor on a secondary, and
 * the HTTP API. Start as many as you like against the same databases and queue.
 */
export class SiteRunner {
  readonly metrics = new StatusMetrics();
  readonly #options: SiteRunnerOptions;
  readonly #cursorAbort = new AbortController();
  readonly #verification: VerificationWorker;
  #cursorLoop: Promise<void> | undefined;
  #server: { url: string; close(): Promise<void> } | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: SiteRunnerOptions) {
    this.#options = options;
    this.#verification = new VerificationWorker(options.site, options.replicatorClasses, (error) =>
      options.onEvent?.({
        kind: 'job-failed',
        name: 'geo_verification',
        error: error instanceof Error ? error : new Error(String(error)),
      }),
    );
  }

  get site(): GeoSite {
    return this.#options.site;
  }

  /** The HTTP base URL once started with `http`. */
  get url(): string | undefined {
    return this.#server?.url;
  }

  async start(): Promise<this> {
    const { site, queue } = this.#options;
    this.registerHandlers();
    queue.on('failed', ({ job, error }) =>
      this.#options.onEvent?.({ kind: 'job-failed', name: job.name, error }),
    );
    await queue.start();
    const intervals = { ...DEFAULT_INTERVALS, ...this.#options.intervals };
    await queue.every('geo_verification', intervals.verification, {});
    await queue.every('geo_timeouts', intervals.timeouts, {});
    await queue.every('geo_metrics', intervals.metrics, {});
    if (site.isSecondary()) {
      await queue.every('geo_sync_scheduler', intervals.syncScheduler, {});
      await queue.every('geo_registry_consistency', intervals.registryConsistency, {});
      if (this.#options.logCursor ?? true) this.startCursor();
    }
    if (this.#options.http) {
      const app = siteHttpApp({
        site,
        replicatorClasses: this.#options.replicatorClasses,
        registryFields: this.#options.registryFields,
        // The process's default metrics only where they are served: each registry of them keeps
        // an event loop monitor and a GC observer for the life of the process.
        metrics: combinedExposition([
          processMetricsRegistry(),
          this.metrics.registry,
          site.activity.registry,
        ]),
        ...(this.#options.adminToken !== undefined && { adminToken: this.#options.adminToken }),
        ...(this.#options.gitReadAccess !== undefined && {
          gitReadAccess: this.#options.gitReadAccess,
        }),
        onGitEvent: (event) => this.#options.onEvent?.(event),
        ...(this.#options.statusOutdatedAfterMs !== undefined && {
          statusOutdatedAfterMs: this.#options.statusOutdatedAfterMs,
        }),
        ...(this.#options.now !== undefined && { now: this.#options.now }),
      });
      this.#server = await serve(app, {
        port: this.#options.http.port,
        ...(this.#options.http.hostname !== undefined && { hostname: this.#options.http.hostname }),
      });
    }
    return this;
  }

  /** Registers a handler that reports when it starts and completes (failures: the queue's event). */
  private handle<Name extends keyof GeoJobs & string>(
    name: Name,
    handler: JobHandler<GeoJobs[Name], Name>,
  ): void {
    this.#options.queue.handle(name, (job) =>
      // Every line logged while the job runs carries its correlation id and record.
      withLogContext(jobLogContext(name, job.id, job.data), async () => {
        const described: SiteJob = { id: job.id, name, data: job.data };
        const started = Date.now();
        this.#options.onEvent?.({ kind: 'job-started', job: described });
        try {
          await handler(job);
        } catch (error) {
          this.site.logger.error(
            { error: error instanceof Error ? error.message : String(error) },
            'Job failed',
          );
          throw error;
        }
        this.#options.onEvent?.({
          kind: 'job-completed',
          job: described,
          ms: Date.now() - started,
        });
      }),
    );
  }

  private registerHandlers(): void {
    const { site, queue, replicatorClasses } = this.#options;
    const replicatorNamed = (name: string) => {
      const replicator = replicatorClasses.find((candidate) => candidate.replicableName === name);
      if (!replicator)
        throw new Error(`No replicator for '${name}' in REPLICATOR_CLASSES; skipping the job.`);
      return replicator;
    };
    this.handle('geo_event', async ({ data }) => {
      await handleEvent(site, replicatorClasses, {
        replicable_name: data.replicable_name,
        event_name: data.event_name,
        payload: data.payload as unknown as { model_record_id: number },
      });
    });
    const sync = async (data: GeoJobs['geo_sync']) => {
      const replicator = replicatorNamed(data.replicable_name);
      // A queue hands a dead worker's job to another one later (BullMQ: once its lock lapses);
      // by then the registry may be synced, and syncing it again would be wasted.
      const registry = await replicator.registryClass.findByModelId(site, data.model_record_id);
      if (registry?.state === 'synced') return;
      await new replicator(site, { modelRecordId: data.model_record_id }).sync();
    };
    this.handle('geo_sync', ({ data }) => sync(data));
    this.handle('geo_repository_sync', ({ data }) => sync(data));
    this.handle('geo_sync_scheduler', async () => {
      // Each strategy within its own capacity, counting only its own queued jobs: a backlog of
      // events or of the other strategy's syncs takes nothing from it.
      // A process shutting down schedules nothing more: its queue closes right after.
      const closing = () => this.#closing !== undefined;
      for (const strategy of STRATEGIES) {
        if (closing()) return;
        const job = SYNC_JOBS[strategy];
        const counts = await queue.counts({ names: [job] });
        const targets = await nextSyncTargets(site, replicatorClasses, {
          strategy,
          queued: counts.waiting + counts.delayed,
        });
        for (const target of targets) {
          if (closing()) return;
          await queue.add(
            job,
            { replicable_name: target.replicableName, model_record_id: target.modelRecordId },
            { jobId: syncJobId(target.replicableName, target.modelRecordId) },
          );
        }
      }
    });
    this.handle('geo_registry_consistency', async () => {
      const results = await reconcileAllRegistries(site, replicatorClasses);
      // Keep going while there is work, as the original re-enqueues itself.
      if (results.some((result) => result.created + result.deleted > 0)) {
        await queue.add('geo_registry_consistency', {}, { jobId: 'registry-consistency.again' });
      }
    });
    this.handle('geo_verification', async () => {
      for (const replicator of replicatorClasses) await prepareVerification(site, replicator);
      // The loop itself runs outside the queue, so it never holds a job slot a sync needs.
      this.#verification.kick();
    });
    this.handle('geo_timeouts', async () => {
      const sweep = await sweepTimeouts(site, replicatorClasses);
      for (const download of sweep.orphanedDownloads) {
        this.#options.onEvent?.({ kind: 'orphaned-download', download });
        if (download.retryAt.getTime() > Date.now()) continue; // The scheduler retries it when due.
        // Its own job id: the dead worker's job may still hold `sync.<name>.<id>` in the queue
        // until the queue notices the worker is gone (BullMQ: 30 to 60 s).
        const { replicableName, modelRecordId, retryCount } = download;
        await queue.add(
          SYNC_JOBS[replicatorNamed(replicableName).strategy],
          { replicable_name: replicableName, model_record_id: modelRecordId },
          { jobId: syncJobId(replicableName, modelRecordId, `retry-${retryCount}`) },
        );
      }
    });
    this.handle('geo_metrics', async () => {
      const node = site.nodeOrUndefined;
      if (!node) return;
      const now = this.#options.now?.() ?? new Date();
      const fields = await updateSiteStatus(site, replicatorClasses, { now });
      // The event log's figures are metrics only: the status API keeps the original's fields.
      this.metrics.update(node, { ...fields, ...(await eventLogStatus(site)) });
      if (!site.isSecondary()) return;
      // The primary lists every site's status from what they post. A failed post fails no job:
      // the site's own status and metrics are updated, and the next update posts again.
      try {
        await postStatusToPrimary(site, fields);
      } catch (error) {
        // A warning in the site's log, not a failed job on stderr: a primary that is down or
        // unreachable is the primary's own problem, and its status shows this site as outdated.
        site.logger.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'Failed to post status data to the primary',
        );
      }
    });
  }

  private startCursor(): void {
    const { site, queue } = this.#options;
    const cursor = new LogCursor(site, {
      enqueue: async (event) => {
        await queue.add(
          'geo_event',
          {
            replicable_name: event.replicableName,
            event_name: event.eventName,
            payload: event.payload as unknown as { [key: string]: JsonValue },
          },
          { jobId: `event.${event.id}` },
        );
      },
    });
    this.#cursorLoop = cursor.run(
      this.#cursorAbort.signal,
      this.#options.cursorIdleMs ?? 1000,
      (cycle) => this.#options.onEvent?.({ kind: 'cursor', cycle }),
    );
  }

  /** Stops the cursor, lets running jobs finish, closes the queue and the HTTP server. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#cursorAbort.abort();
      await this.#cursorLoop;
      await this.#verification.close();
      await this.#options.queue.close();
      await this.#server?.close();
    })();
    return this.#closing;
  }
}

/**
 * The log context of one job run: a new correlation id per run (a retry is another attempt), or
 * the one an event's payload carries, as the original's `EventWorker` runs under it.
 */
function jobLogContext(name: string, id: string, data: GeoJobs[keyof GeoJobs]): LogContext {
  const payload = 'payload' in data ? data.payload : undefined;
  const fromPayload = payload?.['correlation_id'];
  const recordId = 'model_record_id' in data ? data.model_record_id : payload?.['model_record_id'];
  return {
    correlation_id: typeof fromPayload === 'string' ? fromPayload : newCorrelationId(),
    job: name,
    job_id: id,
    ...('replicable_name' in data && { replicable_name: data.replicable_name }),
    ...(typeof recordId === 'number' && { model_record_id: recordId }),
  };
}
