import { randomUUID } from 'node:crypto';
import type { Job, JobCounts } from './job-queue.ts';

/** One worker as the broker sees it: an `InProcessQueue`. */
export interface InProcessWorker {
  /** Starts running `job` if this worker is started and has a free slot; false otherwise. */
  take(job: Job<unknown>): boolean;
}

const STORED_JOB_STATES = ['delayed', 'waiting', 'active'] as const;
type StoredJobState = (typeof STORED_JOB_STATES)[number];

interface StoredJob extends Job<unknown> {
  state: StoredJobState;
  timer?: NodeJS.Timeout;
}

interface Schedule {
  intervalMs: number;
  data: unknown;
  timer: NodeJS.Timeout;
  /** The id of the run it added last. */
  lastId: string;
}

/**
 * The in-memory state of one in-process queue, shared by its workers: what Redis is to BullMQ.
 * Each `InProcessQueue` is a worker with its own handlers and concurrency; several of them on one
 * broker share the jobs, the job ids and the recurring schedules. The broker lives while a queue
 * uses it: when the last one closes, its timers stop and jobs not yet run are dropped (in-process
 * jobs live in memory only). Its timers are unref'd so they never keep a process alive.
 *
 * @example
 * ```ts
 * const broker = new InProcessBroker();
 * const fast = new InProcessQueue({ broker, concurrency: 10 });
 * const slow = new InProcessQueue({ broker, concurrency: 1 });
 * ```
 */
export class InProcessBroker {
  readonly #members = new Set<InProcessWorker>();
  readonly #workers: InProcessWorker[] = [];
  readonly #jobs = new Map<string, StoredJob>();
  readonly #waiting: StoredJob[] = [];
  readonly #schedules = new Map<string, Schedule>();
  #nextWorker = 0;

  /** Counts a queue as a user of this broker (a producer-only queue included). */
  join(member: InProcessWorker): void {
    this.#members.add(member);
  }

  /** Lets a started queue take jobs. */
  addWorker(worker: InProcessWorker): void {
    if (!this.#workers.includes(worker)) this.#workers.push(worker);
    this.dispatch();
  }

  /** Stops handing jobs to `member`; the last member to leave stops the broker. */
  leave(member: InProcessWorker): void {
    const index = this.#workers.indexOf(member);
    if (index !== -1) this.#workers.splice(index, 1);
    this.#members.delete(member);
    if (this.#members.size === 0) this.#stop();
  }

  /** Adds a job unless its id is waiting, delayed or running; returns the id either way. */
  add(name: string, data: unknown, jobId: string | undefined, delayMs: number): string {
    const id = jobId ?? randomUUID();
    if (this.#jobs.has(id)) return id;
    const job: StoredJob = { id, name, data, state: delayMs > 0 ? 'delayed' : 'waiting' };
    this.#jobs.set(id, job);
    if (job.state === 'waiting') this.#enqueue(job);
    else {
      job.timer = setTimeout(() => {
        delete job.timer;
        job.state = 'waiting';
        this.#enqueue(job);
      }, delayMs).unref();
    }
    return id;
  }

  /**
   * Adds `name` now and then every `intervalMs`. An existing schedule of that name is updated:
   * its data always, its timer only when the interval changes (without running it again now).
   * Like a BullMQ job scheduler, it adds no run while its previous one still waits for a worker,
   * so a queue nobody works on does not pile them up.
   */
  schedule(name: string, intervalMs: number, data: unknown): void {
    const existing = this.#schedules.get(name);
    if (existing) {
      existing.data = data;
      if (existing.intervalMs === intervalMs) return;
      clearInterval(existing.timer);
    }
    const schedule: Schedule = {
      intervalMs,
      data,
      lastId: existing?.lastId ?? this.add(name, data, undefined, 0),
      timer: setInterval(() => {
        if (this.#jobs.get(schedule.lastId)?.state === 'waiting') return;
        schedule.lastId = this.add(name, schedule.data, undefined, 0);
      }, intervalMs).unref(),
    };
    this.#schedules.set(name, schedule);
  }

  /** Frees the id of a job that ran (so it may be added again) and hands out waiting jobs. */
  finish(id: string): void {
    this.#jobs.delete(id);
    this.dispatch();
  }

  /** Jobs by state: all of them, or those whose name is in `names`. */
  counts(names?: ReadonlySet<string>): JobCounts {
    const counts: Record<StoredJobState, number> = { delayed: 0, waiting: 0, active: 0 };
    for (const job of this.#jobs.values()) {
      if (names === undefined || names.has(job.name)) counts[job.state] += 1;
    }
    return counts;
  }

  /** Hands waiting jobs, oldest first, to workers with a free slot, taking turns between workers. */
  dispatch(): void {
    while (this.#waiting.length > 0) {
      const job = this.#waiting[0] as StoredJob;
      if (!this.#offer(job)) return;
      this.#waiting.shift();
      job.state = 'active';
    }
  }

  #offer(job: StoredJob): boolean {
    const count = this.#workers.length;
    for (let turn = 0; turn < count; turn++) {
      const index = (this.#nextWorker + turn) % count;
      if (this.#workers[index]?.take({ id: job.id, name: job.name, data: job.data })) {
        this.#nextWorker = (index + 1) % count;
        return true;
      }
    }
    return false;
  }

  #enqueue(job: StoredJob): void {
    this.#waiting.push(job);
    this.dispatch();
  }

  #stop(): void {
    for (const schedule of this.#schedules.values()) clearInterval(schedule.timer);
    for (const job of this.#jobs.values()) clearTimeout(job.timer);
    this.#schedules.clear();
    this.#jobs.clear();
    this.#waiting.length = 0;
  }
}
