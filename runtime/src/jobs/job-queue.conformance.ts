import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  HandlerAlreadyRegisteredError,
  InvalidJobQueueOptionError,
  JobDataNotJsonError,
  JobQueueClosedError,
  NoJobHandlerError,
} from './errors.ts';
import type { CompletedJob, JobQueue, JobQueueListener } from './job-queue.ts';

/** The jobs the conformance suite adds. */
export type ConformanceJobs = {
  echo: { n: number; text: string; list: (number | null)[]; nested: { ok: boolean } };
  work: { label: string };
  tick: { tag: string };
  fail: { message: string };
  unhandled: null;
};

/** One queue under test; every worker it opens shares that queue. */
export interface ConformanceQueue {
  /** Opens one more worker on this queue (for BullMQ: as another process would). */
  worker(options?: { concurrency?: number }): JobQueue<ConformanceJobs>;
  /** Removes whatever the queue left behind (its Redis keys), after its workers closed. */
  dispose(): Promise<void>;
}

/**
 * Builds the queues a conformance run tests.
 *
 * @example
 * ```ts
 * describeJobQueueConformance('InProcessQueue', {
 *   createQueue() {
 *     const broker = new InProcessBroker();
 *     return { worker: (options) => new InProcessQueue({ ...options, broker }), dispose: async () => {} };
 *   },
 * });
 * ```
 */
export interface JobQueueHarness {
  /** Creates a fresh, empty queue (a unique name on Redis). */
  createQueue(): ConformanceQueue;
}

/**
 * The behaviour every `JobQueue` implementation promises, as one suite run against each.
 * Timing assertions only bound what must not happen (a run too early, too many at once, a
 * recurring job per worker) with wide margins; waits poll for the expected state.
 */
export function describeJobQueueConformance(name: string, harness: JobQueueHarness): void {
  describe(`JobQueue conformance: ${name}`, () => {
    const fixture = useFixture(harness);

    it('runs a job with its data and reports it completed', async () => {
      const worker = fixture.queue().worker();
      const seen: unknown[] = [];
      const completed = collect(worker, 'completed');
      worker.handle('echo', (job) => void seen.push(job));
      await worker.start();
      const data = { n: 1, text: 'héllo', list: [1, null], nested: { ok: true } };
      const id = await worker.add('echo', data);

      await waitFor(() => completed.length === 1, 'the job to complete');
      expect(seen).toEqual([{ id, name: 'echo', data }]);
      expect(completed[0]).toEqual({ status: 'completed', job: { id, name: 'echo', data } });
    });

    it('reports a failing job with the error it threw', async () => {
      const worker = fixture.queue().worker();
      const failed = collect(worker, 'failed');
      const completed = collect(worker, 'completed');
      worker.handle('fail', ({ data }) => {
        throw new Error(data.message);
      });
      await worker.start();
      const id = await worker.add('fail', { message: 'disk full' }, { jobId: 'fail-1' });

      await waitFor(() => failed.length === 1, 'the job to fail');
      const [outcome] = failed;
      expect(outcome?.status).toBe('failed');
      expect(outcome?.job).toEqual({ id, name: 'fail', data: { message: 'disk full' } });
      expect(outcome?.error).toBeInstanceOf(Error);
      expect(outcome?.error.message).toBe('disk full');
      expect(completed).toEqual([]);
    });

    it('fails a job that has no handler with NoJobHandlerError', async () => {
      const worker = fixture.queue().worker();
      const failed = collect(worker, 'failed');
      worker.handle('echo', () => undefined);
      await worker.start();
      await worker.add('unhandled', null);

      await waitFor(() => failed.length === 1, 'the job to fail');
      expect(failed[0]?.error).toBeInstanceOf(NoJobHandlerError);
      expect(failed[0]?.error.message).toContain(`queue.handle('unhandled', handler)`);
    });

    it('hands the handler a JSON copy of the data', async () => {
      const worker = fixture.queue().worker();
      const seen: ConformanceJobs['work'][] = [];
      worker.handle('work', ({ data }) => void seen.push(data));
      const data = { label: 'before' };
      await worker.add('work', data);
      data.label = 'after';
      await worker.start();

      await waitFor(() => seen.length === 1, 'the job to run');
      expect(seen[0]).toEqual({ label: 'before' });
    });

    it('accepts any non-empty job id, colons, digits and percent signs included', async () => {
      const worker = fixture.queue().worker();
      const ids: string[] = [];
      worker.handle('work', (job) => void ids.push(job.id));
      await worker.start();
      const wanted = ['registry-sync:package_file:42', '42', '%3A:%25'];
      for (const jobId of wanted) {
        expect(await worker.add('work', { label: jobId }, { jobId })).toBe(jobId);
      }

      await waitFor(() => ids.length === wanted.length, 'the jobs to run');
      expect([...ids].sort()).toEqual([...wanted].sort());
    });

    it('adds a job id that is already waiting only once', async () => {
      const worker = fixture.queue().worker();
      const runs = collectRuns(worker);
      for (let attempt = 0; attempt < 3; attempt++) {
        expect(await worker.add('work', { label: `add ${attempt}` }, { jobId: 'once' })).toBe(
          'once',
        );
      }
      expect(await worker.counts()).toMatchObject({ waiting: 1, active: 0 });
      await worker.start();

      await waitFor(() => runs.length === 1, 'the job to run');
      await drain(worker, runs);
      expect(runs.filter((run) => run.id === 'once')).toEqual([
        { id: 'once', data: { label: 'add 0' } },
      ]);
    });

    it('never runs one job id twice at the same time, on any worker', async () => {
      const queue = fixture.queue();
      const workers = [queue.worker({ concurrency: 2 }), queue.worker({ concurrency: 2 })];
      const gate = fixture.gate();
      let running = 0;
      let maxRunning = 0;
      let runs = 0;
      for (const worker of workers) {
        worker.handle('work', async () => {
          runs += 1;
          maxRunning = Math.max(maxRunning, ++running);
          await gate.opened;
          running -= 1;
        });
        await worker.start();
      }
      const [first, second] = workers as [JobQueue<ConformanceJobs>, JobQueue<ConformanceJobs>];
      const completed = collect(first, 'completed');
      collect(second, 'completed', completed);

      await first.add('work', { label: 'one' }, { jobId: 'exclusive' });
      await waitFor(() => running === 1, 'the job to start');
      await first.add('work', { label: 'two' }, { jobId: 'exclusive' });
      await second.add('work', { label: 'three' }, { jobId: 'exclusive' });
      expect(await first.counts()).toMatchObject({ waiting: 0, delayed: 0, active: 1 });
      gate.open();

      await waitFor(() => completed.length === 1, 'the job to complete');
      // Once finished, the id is free again.
      await second.add('work', { label: 'four' }, { jobId: 'exclusive' });
      await waitFor(() => completed.length === 2, 'the re-added job to complete');
      expect(runs).toBe(2);
      expect(maxRunning).toBe(1);
    });

    it('waits for the delay before running a delayed job', async () => {
      const worker = fixture.queue().worker();
      const delayMs = 300;
      let ranAfterMs: number | undefined;
      const addedAt = Date.now();
      worker.handle('work', () => void (ranAfterMs = Date.now() - addedAt));
      await worker.start();
      await worker.add('work', { label: 'later' }, { delayMs });
      expect(await worker.counts()).toMatchObject({ waiting: 0, delayed: 1 });

      await waitFor(() => ranAfterMs !== undefined, 'the delayed job to run');
      // A little slack for timer and clock granularity; running early is what must not happen.
      expect(ranAfterMs).toBeGreaterThanOrEqual(delayMs - 25);
    });

    it('counts the jobs of some names only, in each state', async () => {
      const worker = fixture.queue().worker();
      const gate = fixture.gate();
      let running = 0;
      worker.handle('work', async () => {
        running += 1;
        await gate.opened;
      });
      worker.handle('tick', () => undefined);
      await worker.add('work', { label: 'first' });
      await worker.add('work', { label: 'second' });
      await worker.add('tick', { tag: 'now' });
      await worker.add('work', { label: 'later' }, { delayMs: 60_000 });
      await worker.add('tick', { tag: 'later' }, { delayMs: 60_000 });

      expect(await worker.counts({ names: ['work'] })).toEqual({
        waiting: 2,
        delayed: 1,
        active: 0,
      });
      expect(await worker.counts({ names: ['tick'] })).toEqual({
        waiting: 1,
        delayed: 1,
        active: 0,
      });
      expect(await worker.counts({ names: ['work', 'tick'] })).toEqual({
        waiting: 3,
        delayed: 2,
        active: 0,
      });
      expect(await worker.counts({ names: ['echo'] })).toEqual({
        waiting: 0,
        delayed: 0,
        active: 0,
      });
      expect(await worker.counts({ names: [] })).toEqual({ waiting: 0, delayed: 0, active: 0 });
      expect(await worker.counts()).toEqual({ waiting: 3, delayed: 2, active: 0 });

      // The oldest job runs (and waits at the gate): one worker, one job at a time.
      await worker.start();
      await waitFor(() => running === 1, 'the first job to start');
      expect(await worker.counts({ names: ['work'] })).toEqual({
        waiting: 1,
        delayed: 1,
        active: 1,
      });
      expect(await worker.counts({ names: ['tick'] })).toMatchObject({ waiting: 1, active: 0 });
      gate.open();
    });

    it('never runs more jobs at once in one worker than its concurrency', async () => {
      const worker = fixture.queue().worker({ concurrency: 2 });
      const gate = fixture.gate();
      let running = 0;
      let maxRunning = 0;
      const completed = collect(worker, 'completed');
      worker.handle('work', async () => {
        maxRunning = Math.max(maxRunning, ++running);
        await gate.opened;
        running -= 1;
      });
      for (let index = 0; index < 5; index++) await worker.add('work', { label: `job ${index}` });
      await worker.start();

      await waitFor(() => running === 2, 'two jobs to run');
      // Give a third job every chance to start (it must not).
      await sleep(200);
      expect(running).toBe(2);
      expect(await worker.counts()).toMatchObject({ waiting: 3, active: 2 });
      gate.open();
      await waitFor(() => completed.length === 5, 'all jobs to complete');
      expect(maxRunning).toBe(2);
    });

    it('shares the jobs between the workers of a queue', async () => {
      const queue = fixture.queue();
      const workers = [queue.worker(), queue.worker()];
      const gate = fixture.gate();
      const running = [0, 0];
      const completed: CompletedJob<ConformanceJobs>[] = [];
      for (const [index, worker] of workers.entries()) {
        collect(worker, 'completed', completed);
        worker.handle('work', async () => {
          running[index] = (running[index] ?? 0) + 1;
          await gate.opened;
          running[index] = (running[index] ?? 0) - 1;
        });
      }
      for (let index = 0; index < 4; index++) {
        await workers[0]?.add('work', { label: `job ${index}` });
      }
      for (const worker of workers) await worker.start();

      await waitFor(() => running[0] === 1 && running[1] === 1, 'each worker to run one job');
      gate.open();
      await waitFor(() => completed.length === 4, 'all jobs to complete');
    });

    it('runs a recurring job about once per interval across two workers', async () => {
      const queue = fixture.queue();
      const workers = [queue.worker({ concurrency: 2 }), queue.worker({ concurrency: 2 })];
      const intervalMs = 250;
      const windowMs = 1500;
      const ticks: string[] = [];
      for (const worker of workers) {
        worker.handle('tick', ({ data }) => void ticks.push(data.tag));
        await worker.start();
      }
      const startedAt = Date.now();
      for (const worker of workers) await worker.every('tick', intervalMs, { tag: 'recurring' });

      await sleep(windowMs - (Date.now() - startedAt));
      const expected = windowMs / intervalMs;
      // One schedule: about `expected` runs (a loaded machine may miss some). A schedule per
      // worker would give about twice as many.
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(expected + 2);
      expect(new Set(ticks)).toEqual(new Set(['recurring']));
    });

    it('does not pile up the runs of a recurring job that no worker takes', async () => {
      const producer = fixture.queue().worker();
      await producer.every('tick', 50, { tag: 'unattended' });
      await sleep(400);
      const counts = await producer.counts();
      expect(counts.waiting + counts.delayed).toBeLessThanOrEqual(2);
      expect(counts.waiting).toBe(1);
    });

    it('close() waits for the running job, is idempotent, and closes the queue for good', async () => {
      const worker = fixture.queue().worker();
      let started = false;
      let finished = false;
      worker.handle('work', async () => {
        started = true;
        await sleep(200);
        finished = true;
      });
      await worker.start();
      await worker.add('work', { label: 'slow' });
      await waitFor(() => started, 'the job to start');

      const closing = worker.close();
      expect(worker.close()).toBe(closing);
      await closing;
      expect(finished).toBe(true);
      await expect(worker.add('work', { label: 'late' })).rejects.toBeInstanceOf(
        JobQueueClosedError,
      );
      expect(() => worker.handle('tick', () => undefined)).toThrow(JobQueueClosedError);
    });

    it('keeps working when a listener throws, and reports that as an error', async () => {
      const worker = fixture.queue().worker();
      const errors = collect(worker, 'error');
      const completed = collect(worker, 'completed');
      worker.on('completed', () => {
        throw new Error('listener bug');
      });
      worker.handle('work', () => undefined);
      await worker.start();
      await worker.add('work', { label: 'a' });
      await worker.add('work', { label: 'b' });

      await waitFor(() => completed.length === 2, 'both jobs to complete');
      expect(errors.map((error) => error.message)).toEqual(['listener bug', 'listener bug']);
    });

    it('refuses invalid options and non-JSON data with a message saying what to pass', async () => {
      const queue = fixture.queue();
      expect(() => queue.worker({ concurrency: 0 })).toThrow(InvalidJobQueueOptionError);
      const worker = queue.worker();
      worker.handle('work', () => undefined);
      expect(() => worker.handle('work', () => undefined)).toThrow(HandlerAlreadyRegisteredError);
      await expect(worker.add('work', { label: 'x' }, { delayMs: -1 })).rejects.toThrow(
        /delayMs must be a whole number of milliseconds/,
      );
      await expect(worker.add('work', { label: 'x' }, { jobId: '' })).rejects.toBeInstanceOf(
        InvalidJobQueueOptionError,
      );
      await expect(worker.every('tick', 0, { tag: 'x' })).rejects.toBeInstanceOf(
        InvalidJobQueueOptionError,
      );
      const notJson = { label: 1n } as unknown as ConformanceJobs['work'];
      await expect(worker.add('work', notJson)).rejects.toBeInstanceOf(JobDataNotJsonError);
    });
  });
}

interface Gate {
  readonly opened: Promise<void>;
  open(): void;
}

/** Tracks what a test opened, so a failing test still releases its gates and closes its queues. */
function useFixture(harness: JobQueueHarness) {
  const queues: ConformanceQueue[] = [];
  const workers: JobQueue<ConformanceJobs>[] = [];
  const gates: Gate[] = [];

  afterEach(async () => {
    for (const gate of gates.splice(0)) gate.open();
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
  });
  afterAll(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.dispose()));
  });

  return {
    queue(): ConformanceQueue {
      const queue = harness.createQueue();
      queues.push(queue);
      return {
        worker(options) {
          const worker = queue.worker(options);
          workers.push(worker);
          return worker;
        },
        dispose: () => queue.dispose(),
      };
    },
    gate(): Gate {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      const gate = { opened, open };
      gates.push(gate);
      return gate;
    },
  };
}

type Listener = JobQueueListener<ConformanceJobs>;
type EventArgument<Event extends keyof Listener> = Parameters<Listener[Event]>[0];

/** Collects what `event` reports, into `into` when given (to pool several workers). */
function collect<Event extends keyof Listener>(
  queue: JobQueue<ConformanceJobs>,
  event: Event,
  into: EventArgument<Event>[] = [],
): EventArgument<Event>[] {
  const listener = (argument: EventArgument<Event>) => void into.push(argument);
  queue.on(event, listener as Listener[Event]);
  return into;
}

function collectRuns(queue: JobQueue<ConformanceJobs>): { id: string; data: unknown }[] {
  const runs: { id: string; data: unknown }[] = [];
  queue.handle('work', ({ id, data }) => void runs.push({ id, data }));
  return runs;
}

/** Adds one more job and waits for it: on a worker of concurrency 1, every job added before it has run. */
async function drain(queue: JobQueue<ConformanceJobs>, runs: { id: string }[]): Promise<void> {
  const id = await queue.add('work', { label: 'sentinel' }, { jobId: 'sentinel' });
  await waitFor(() => runs.some((run) => run.id === id), 'the sentinel job to run');
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
