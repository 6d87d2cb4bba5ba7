import type { JsonChecked, JsonValue } from './json.ts';

/**
 * Which jobs a queue carries: job name → data type. Data must be JSON; interfaces are fine.
 *
 * @example
 * ```ts
 * type SiteJobs = { 'registry-sync': { registryId: number }; 'metrics-update': null };
 * const queue: JobQueue<SiteJobs> = new InProcessQueue<SiteJobs>();
 * ```
 */
export type JobMap<Jobs> = { [Name in keyof Jobs]: JsonChecked<Jobs[Name]> };

/** The job map of a queue that was not given one: any name, any JSON. */
export type AnyJobs = Record<string, JsonValue>;

/** The job names of a job map. */
export type JobName<Jobs> = keyof Jobs & string;

/**
 * One job as its handler and the events see it.
 *
 * @example
 * ```ts
 * queue.handle('registry-sync', async (job: Job<{ registryId: number }>) => sync(job.data.registryId));
 * ```
 */
export interface Job<Data = JsonValue, Name extends string = string> {
  /** The id given to `add` (`jobId`), or one the queue made up. */
  readonly id: string;
  readonly name: Name;
  readonly data: Data;
}

/**
 * Runs one job. Throwing (or rejecting) fails the job; there are no automatic retries, because
 * the callers (registries with `retry_at`) keep their own backoff.
 *
 * @example
 * ```ts
 * const handler: JobHandler<{ registryId: number }> = async ({ data }) => sync(data.registryId);
 * ```
 */
export type JobHandler<Data = JsonValue, Name extends string = string> = (
  job: Job<Data, Name>,
) => Promise<void> | void;

/**
 * Options of one `add`.
 *
 * @example
 * ```ts
 * await queue.add('registry-sync', { registryId: 7 }, { jobId: 'registry-sync:7', delayMs: 5_000 });
 * ```
 */
export interface AddJobOptions {
  /**
   * Deduplicates: while a job with this id is waiting, delayed or running, adding it again does
   * nothing, so one id never runs twice at the same time. Once it has finished, the id is free.
   */
  readonly jobId?: string;
  /** Milliseconds to wait before the job may run. */
  readonly delayMs?: number;
}

/**
 * Jobs of the whole queue (all its workers) by state.
 *
 * @example
 * ```ts
 * const { waiting, delayed, active } = await queue.counts();
 * ```
 */
export interface JobCounts {
  /** Ready to run, waiting for a free worker. */
  readonly waiting: number;
  /** Waiting for their delay to pass (the next run of a recurring job included, on BullMQ). */
  readonly delayed: number;
  /** Running now. */
  readonly active: number;
}

/**
 * Which jobs `counts` counts.
 *
 * @example
 * ```ts
 * const { waiting } = await queue.counts({ names: ['registry-sync'] });
 * ```
 */
export interface JobCountsFilter<Jobs = AnyJobs> {
  /** Only the jobs of these names (an empty list counts none); default every job of the queue. */
  readonly names?: readonly JobName<Jobs>[];
}

/** How a job ended; the `status` of a `JobOutcome`. */
export const JOB_OUTCOME_STATUSES = ['completed', 'failed'] as const;
export type JobOutcomeStatus = (typeof JOB_OUTCOME_STATUSES)[number];

/**
 * A job whose handler returned.
 *
 * @example
 * ```ts
 * queue.on('completed', (outcome: CompletedJob) => console.log(outcome.job.id));
 * ```
 */
export interface CompletedJob<Jobs = AnyJobs> {
  readonly status: 'completed';
  readonly job: JobOf<Jobs>;
}

/**
 * A job whose handler threw, or that had no handler.
 *
 * @example
 * ```ts
 * queue.on('failed', (outcome: FailedJob) => console.error(outcome.job.name, outcome.error.message));
 * ```
 */
export interface FailedJob<Jobs = AnyJobs> {
  readonly status: 'failed';
  readonly job: JobOf<Jobs>;
  readonly error: Error;
}

/**
 * How a job ended, discriminated by `status`.
 *
 * @example
 * ```ts
 * function describe(outcome: JobOutcome): string {
 *   return outcome.status === 'failed' ? outcome.error.message : 'ok';
 * }
 * ```
 */
export type JobOutcome<Jobs = AnyJobs> = CompletedJob<Jobs> | FailedJob<Jobs>;

/** Any job of a job map, discriminated by `name`. */
export type JobOf<Jobs> = { [Name in JobName<Jobs>]: Job<Jobs[Name], Name> }[JobName<Jobs>];

/**
 * The events of a queue and their listeners. Job events fire in the worker that ran the job.
 *
 * @example
 * ```ts
 * queue.on('failed', ({ job, error }) => log.warn(`${job.name} ${job.id}: ${error.message}`));
 * ```
 */
export interface JobQueueListener<Jobs = AnyJobs> {
  completed: (outcome: CompletedJob<Jobs>) => void;
  failed: (outcome: FailedJob<Jobs>) => void;
  /** The queue itself failed (a lost Redis connection, a listener that threw), not a job. */
  error: (error: Error) => void;
}

/** `every`'s data argument: optional when the job's data may be null. */
export type RecurringData<Data> = null extends Data ? [data?: Data] : [data: Data];

/**
 * A job queue: producers `add` jobs, workers run them with one handler per job name.
 *
 * Any number of workers may share one queue (processes on BullMQ, `InProcessQueue`s on one
 * `InProcessBroker` in-process); each runs at most `concurrency` jobs at once. Lifecycle:
 * `handle` every job name, then `start` to take jobs; a producer-only process never starts.
 * After `close()` is called every other method throws `JobQueueClosedError`.
 *
 * @example
 * ```ts
 * type SiteJobs = { 'registry-sync': { registryId: number }; 'metrics-update': null };
 * const queue: JobQueue<SiteJobs> = new InProcessQueue<SiteJobs>({ concurrency: 10 });
 * queue.handle('registry-sync', ({ data }) => syncRegistry(data.registryId));
 * queue.handle('metrics-update', () => updateMetrics());
 * await queue.start();
 * await queue.add('registry-sync', { registryId: 7 }, { jobId: 'registry-sync:7' });
 * await queue.every('metrics-update', 60_000);
 * // on shutdown
 * await queue.close();
 * ```
 */
export interface JobQueue<Jobs extends JobMap<Jobs> = AnyJobs> {
  /** The most jobs this worker runs at once. */
  readonly concurrency: number;

  /** Registers the handler of one job name (once per name). */
  handle<Name extends JobName<Jobs>>(name: Name, handler: JobHandler<Jobs[Name], Name>): this;

  /** Starts taking jobs. Idempotent. */
  start(): Promise<void>;

  /**
   * Adds a job and returns its id. With a `jobId` that is already waiting, delayed or running it
   * adds nothing and returns that id.
   */
  add<Name extends JobName<Jobs>>(
    name: Name,
    data: Jobs[Name],
    options?: AddJobOptions,
  ): Promise<string>;

  /**
   * Runs `name` now and then every `intervalMs`, once per interval across all workers of the
   * queue. Calling it again with the same name (from any worker) updates that one schedule.
   */
  every<Name extends JobName<Jobs>>(
    name: Name,
    intervalMs: number,
    ...data: RecurringData<Jobs[Name]>
  ): Promise<void>;

  /**
   * Jobs of the whole queue (all its workers) by state, or of some job names only: how many jobs
   * of one kind wait, for a scheduler that keeps that kind within a capacity of its own.
   */
  counts(filter?: JobCountsFilter<Jobs>): Promise<JobCounts>;

  on<Event extends keyof JobQueueListener<Jobs>>(
    event: Event,
    listener: JobQueueListener<Jobs>[Event],
  ): this;
  off<Event extends keyof JobQueueListener<Jobs>>(
    event: Event,
    listener: JobQueueListener<Jobs>[Event],
  ): this;

  /**
   * Stops taking jobs and resolves once the jobs this worker is running have finished and its
   * connections are closed. Idempotent: every call returns the same promise.
   */
  close(): Promise<void>;
}
