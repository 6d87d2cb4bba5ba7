import {
  asError,
  HandlerAlreadyRegisteredError,
  JobQueueClosedError,
  NoJobHandlerError,
} from './errors.ts';
import { InProcessBroker, type InProcessWorker } from './in-process-broker.ts';
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
 * Options of an `InProcessQueue`.
 *
 * @example
 * ```ts
 * const options: InProcessQueueOptions = { concurrency: 10 };
 * ```
 */
export interface InProcessQueueOptions {
  /** The most jobs this worker runs at once (default 1). */
  readonly concurrency?: number;
  /** Shares jobs with the other queues on this broker; a private one by default. */
  readonly broker?: InProcessBroker;
}

type StoredHandler = (job: Job<unknown>) => Promise<void> | void;

/**
 * The embedded default `JobQueue`: jobs in memory, run in this process, no Redis. Jobs do not
 * survive the process. Timers for delays and recurring jobs are unref'd.
 *
 * One queue is one worker. To have several workers share jobs (the in-process counterpart of
 * several BullMQ processes), give them one `InProcessBroker`.
 *
 * @example
 * ```ts
 * const queue = new InProcessQueue<{ 'registry-sync': { registryId: number } }>({ concurrency: 10 });
 * queue.handle('registry-sync', ({ data }) => syncRegistry(data.registryId));
 * await queue.start();
 * await queue.add('registry-sync', { registryId: 7 }, { jobId: 'registry-sync:7' });
 * ```
 */
export class InProcessQueue<Jobs extends JobMap<Jobs> = AnyJobs> implements JobQueue<Jobs> {
  readonly concurrency: number;
  readonly #broker: InProcessBroker;
  readonly #handlers = new Map<string, StoredHandler>();
  readonly #running = new Set<Promise<void>>();
  #busySlots = 0;
  readonly #events = new JobQueueEvents<Jobs>();
  /** This queue as the broker sees it (kept off the public surface). */
  readonly #worker: InProcessWorker = { take: (job) => this.#take(job) };
  #started = false;
  #closing: Promise<void> | undefined;

  constructor(options: InProcessQueueOptions = {}) {
    this.concurrency = checkedConcurrency(options.concurrency);
    this.#broker = options.broker ?? new InProcessBroker();
    this.#broker.join(this.#worker);
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
    if (this.#started) return;
    this.#started = true;
    this.#broker.addWorker(this.#worker);
  }

  async add<Name extends JobName<Jobs>>(
    name: Name,
    data: Jobs[Name],
    options: AddJobOptions = {},
  ): Promise<string> {
    this.#assertOpen(`add job '${name}'`);
    const jobId = options.jobId === undefined ? undefined : checkedName('jobId', options.jobId);
    const delayMs = checkedDelay(options.delayMs);
    return this.#broker.add(checkedName('name', name), toJobData(name, data), jobId, delayMs);
  }

  async every<Name extends JobName<Jobs>>(
    name: Name,
    intervalMs: number,
    ...data: RecurringData<Jobs[Name]>
  ): Promise<void> {
    this.#assertOpen(`schedule job '${name}'`);
    const checked = checkedInterval(intervalMs);
    this.#broker.schedule(checkedName('name', name), checked, toJobData(name, data[0] ?? null));
  }

  async counts(filter: JobCountsFilter<Jobs> = {}): Promise<JobCounts> {
    this.#assertOpen('count jobs');
    return this.#broker.counts(filter.names && new Set<string>(filter.names));
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

  #take(job: Job<unknown>): boolean {
    if (!this.#started || this.#closing || this.#busySlots >= this.concurrency) return false;
    this.#busySlots += 1;
    const run = this.#run(job).finally(() => this.#running.delete(run));
    this.#running.add(run);
    return true;
  }

  async #run(job: Job<unknown>): Promise<void> {
    // Start the handler on a later tick, as BullMQ would: never inside the caller's add() nor
    // inside the broker's dispatch loop.
    await Promise.resolve();
    let error: Error | undefined;
    try {
      const handler = this.#handlers.get(job.name);
      if (!handler) throw new NoJobHandlerError(job.name, [...this.#handlers.keys()]);
      await handler(job);
    } catch (thrown) {
      error = asError(thrown);
    }
    // Free the slot and the id before telling listeners, as BullMQ does: a 'completed' listener
    // may add the same id again at once.
    this.#busySlots -= 1;
    this.#broker.finish(job.id);
    if (error) this.#events.failed(job as Job, error);
    else this.#events.completed(job as Job);
  }

  async #close(): Promise<void> {
    await Promise.allSettled([...this.#running]);
    this.#broker.leave(this.#worker);
  }

  #assertOpen(operation: string): void {
    if (this.#closing) throw new JobQueueClosedError(operation);
  }
}
