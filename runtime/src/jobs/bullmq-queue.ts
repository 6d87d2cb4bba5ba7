import type { ConnectionOptions, Job as BullMqJob, Queue, Worker } from 'bullmq';
import { countJobs } from './bullmq-counts.ts';
import { fromBullMqJobId, toBullMqJobId } from './bullmq-job-id.ts';
import {
  asError,
  HandlerAlreadyRegisteredError,
  InvalidJobQueueOptionError,
  JobQueueClosedError,
  NoJobHandlerError,
} from './errors.ts';
import { checkedConcurrency, checkedDelay, checkedInterval, checkedName } from './job-options.ts';
import type {
  AddJobOptions,
  AnyJobs,
  Job,
  JobCounts,
  JobCountsFilter,
  JobHandler,
  JobMap,
  JobName,
  JobQueue,
  JobQueueListener,
  RecurringData,
} from './job-queue.ts';
import { JobQueueEvents } from './job-queue-events.ts';
import { toJobData } from './json.ts';

/**
 * The Redis client a `BullMqQueue` runs on: an ioredis `Redis` (created with
 * `maxRetriesPerRequest: null`, which BullMQ workers require), a node-redis client, or any client
 * BullMQ accepts as `connection`. Only what the queue itself calls is declared.
 */
export interface BullMqRedisClient {
  connect(...args: never[]): unknown;
  duplicate(...args: never[]): unknown;
  quit(): Promise<unknown>;
}

/**
 * Options of a `BullMqQueue`. Redis keys are `<prefix>:<site>:<queue>:…`, so two sites (or two
 * test runs) on one Redis never see each other's jobs.
 *
 * @example
 * ```ts
 * const options: BullMqQueueOptions = {
 *   site: 'secondary-1',
 *   concurrency: 10,
 *   createClient: () => new Redis(redisUrl, { maxRetriesPerRequest: null }),
 * };
 * ```
 */
export interface BullMqQueueOptions {
  /** The Geo site this queue belongs to (its name); no ':'. */
  readonly site: string;
  /** The queue's name within the site (default 'jobs'); no ':'. */
  readonly queue?: string;
  /** The first part of every Redis key (default 'geo'). */
  readonly prefix?: string;
  /** The most jobs this worker runs at once (default 1). */
  readonly concurrency?: number;
  /**
   * Opens the Redis connection of this queue. It is called once; the queue owns the client and
   * quits it on `close()`. BullMQ opens one more (a duplicate) when the worker starts.
   */
  readonly createClient: () => BullMqRedisClient;
}

type StoredHandler = (job: Job<unknown>) => Promise<void> | void;

interface Opened {
  readonly bullmq: typeof import('bullmq');
  readonly queue: Queue;
}

const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true } as const;

/**
 * A `JobQueue` on BullMQ and Redis: any number of processes, each with its own `BullMqQueue` on
 * the same site and queue name, share the jobs; recurring jobs are BullMQ job schedulers, so they
 * run once per interval across all of them. Finished jobs are removed from Redis at once, which
 * frees their id for the next `add`. bullmq is imported on first use, so the embedded default
 * never loads it.
 *
 * A job whose worker dies mid-run is taken up again by another worker once its lock lapses
 * (BullMQ's stalled-job check, 30 s), so handlers must tolerate running again after a crash.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const queue = new BullMqQueue<SiteJobs>({
 *   site: 'secondary-1',
 *   concurrency: 10,
 *   createClient: () => new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null }),
 * });
 * queue.handle('registry-sync', ({ data }) => syncRegistry(data.registryId));
 * await queue.start();
 * await queue.every('metrics-update', 60_000);
 * ```
 */
export class BullMqQueue<Jobs extends JobMap<Jobs> = AnyJobs> implements JobQueue<Jobs> {
  readonly concurrency: number;
  /** The BullMQ queue name. */
  readonly name: string;
  /** The BullMQ key prefix: `<prefix>:<site>`. */
  readonly prefix: string;
  readonly #client: BullMqRedisClient;
  readonly #opened: Promise<Opened>;
  readonly #handlers = new Map<string, StoredHandler>();
  readonly #events = new JobQueueEvents<Jobs>();
  #worker: Promise<Worker> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: BullMqQueueOptions) {
    this.concurrency = checkedConcurrency(options.concurrency);
    this.name = keyPart('queue', options.queue ?? 'jobs');
    this.prefix = `${keyPart('prefix', options.prefix ?? 'geo')}:${keyPart('site', options.site)}`;
    this.#client = options.createClient();
    this.#opened = this.#open();
    // Failures surface from the methods that await it; this only avoids an unhandled rejection.
    this.#opened.catch(() => undefined);
  }

  handle<Name extends JobName<Jobs>>(name: Name, handler: JobHandler<Jobs[Name], Name>): this {
    this.#assertOpen(`register a handler for '${name}'`);
    if (this.#handlers.has(checkedName('name', name))) {
      throw new HandlerAlreadyRegisteredError(name);
    }
    this.#handlers.set(name, handler as unknown as StoredHandler);
    return this;
  }

  async start(): Promise<void> {
    this.#assertOpen('start');
    this.#worker ??= this.#startWorker();
    await this.#worker;
  }

  async add<Name extends JobName<Jobs>>(
    name: Name,
    data: Jobs[Name],
    options: AddJobOptions = {},
  ): Promise<string> {
    this.#assertOpen(`add job '${name}'`);
    const jobId = options.jobId === undefined ? undefined : checkedName('jobId', options.jobId);
    const delay = checkedDelay(options.delayMs);
    const json = toJobData(checkedName('name', name), data);
    const { queue } = await this.#opened;
    const job = await queue.add(name, json, {
      ...JOB_OPTIONS,
      delay,
      ...(jobId === undefined ? {} : { jobId: toBullMqJobId(jobId) }),
    });
    return jobId ?? fromBullMqJobId(job.id ?? '');
  }

  async every<Name extends JobName<Jobs>>(
    name: Name,
    intervalMs: number,
    ...data: RecurringData<Jobs[Name]>
  ): Promise<void> {
    this.#assertOpen(`schedule job '${name}'`);
    const every = checkedInterval(intervalMs);
    const json = toJobData(checkedName('name', name), data[0] ?? null);
    const { queue } = await this.#opened;
    // One scheduler per job name in Redis: every process upserting it updates the same one.
    await queue.upsertJobScheduler(
      toBullMqJobId(name),
      { every },
      { name, data: json, opts: JOB_OPTIONS },
    );
  }

  /**
   * Redis keeps counts per state only: with `names`, the jobs of each state are read (a page of
   * `COUNT_PAGE` at a time) and told apart by name, which costs in proportion to the backlog.
   */
  async counts(filter: JobCountsFilter<Jobs> = {}): Promise<JobCounts> {
    this.#assertOpen('count jobs');
    const { queue } = await this.#opened;
    return countJobs(queue, filter.names);
  }

  on<Event extends keyof JobQueueListener<Jobs>>(
    event: Event,
    listener: JobQueueListener<Jobs>[Event],
  ): this {
    this.#events.on(event, listener);
    return this;
  }

  off<Event extends keyof JobQueueListener<Jobs>>(
    event: Event,
    listener: JobQueueListener<Jobs>[Event],
  ): this {
    this.#events.off(event, listener);
    return this;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #open(): Promise<Opened> {
    const bullmq = await import('bullmq');
    const queue = new bullmq.Queue(this.name, {
      connection: this.#client as ConnectionOptions,
      prefix: this.prefix,
    });
    queue.on('error', (error) => this.#events.error(error));
    return { bullmq, queue };
  }

  async #startWorker(): Promise<Worker> {
    const { bullmq } = await this.#opened;
    const worker = new bullmq.Worker(this.name, (job: BullMqJob) => this.#process(job), {
      connection: this.#client as ConnectionOptions,
      prefix: this.prefix,
      concurrency: this.concurrency,
    });
    worker.on('completed', (job: BullMqJob) => this.#events.completed(jobOf(job)));
    worker.on('failed', (job: BullMqJob | undefined, error: Error) => {
      if (job) this.#events.failed(jobOf(job), error);
      else this.#events.error(error);
    });
    worker.on('error', (error) => this.#events.error(error));
    await worker.waitUntilReady();
    return worker;
  }

  async #process(bullMqJob: BullMqJob): Promise<void> {
    const job = jobOf(bullMqJob);
    const handler = this.#handlers.get(job.name);
    if (!handler) throw new NoJobHandlerError(job.name, [...this.#handlers.keys()]);
    try {
      await handler(job);
    } catch (thrown) {
      throw asError(thrown);
    }
  }

  async #close(): Promise<void> {
    // Every step runs even when an earlier one failed, so the connection is always closed.
    const steps = [() => this.#closeWorker(), () => this.#closeQueue(), () => this.#client.quit()];
    const failures: unknown[] = [];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, 'Closing the BullMQ queue failed.');
  }

  async #closeWorker(): Promise<void> {
    const worker = await this.#worker;
    await worker?.close();
  }

  async #closeQueue(): Promise<void> {
    const { queue } = await this.#opened;
    await queue.close();
  }

  #assertOpen(operation: string): void {
    if (this.#closing) throw new JobQueueClosedError(operation);
  }
}

function jobOf(job: BullMqJob): Job {
  return { id: fromBullMqJobId(job.id ?? ''), name: job.name, data: job.data };
}

/** A part of the Redis keys: BullMQ separates parts with ':', so a part must not contain one. */
function keyPart(option: string, value: string): string {
  if (typeof value !== 'string' || value === '' || value.includes(':')) {
    throw new InvalidJobQueueOptionError(option, value, "a non-empty name without ':'");
  }
  return value;
}
