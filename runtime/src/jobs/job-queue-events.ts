import { asError } from './errors.ts';
import type { Job, JobQueueListener } from './job-queue.ts';
import { ListenerMap } from './listener-map.ts';

/**
 * The events of one queue, shared by both implementations: job outcomes, and queue errors that
 * are printed when nobody listens (a lost Redis connection must not pass unnoticed).
 *
 * @example
 * ```ts
 * const events = new JobQueueEvents();
 * events.on('completed', ({ job }) => console.log(job.id));
 * events.completed({ id: '1', name: 'sync', data: null });
 * ```
 */
export class JobQueueEvents<Jobs> {
  readonly #listeners = new ListenerMap<JobQueueListener<Jobs>>((error) =>
    this.error(asError(error)),
  );
  #reporting = false;

  on<Event extends keyof JobQueueListener<Jobs>>(
    event: Event,
    listener: JobQueueListener<Jobs>[Event],
  ): void {
    this.#listeners.on(event, listener);
  }

  off<Event extends keyof JobQueueListener<Jobs>>(
    event: Event,
    listener: JobQueueListener<Jobs>[Event],
  ): void {
    this.#listeners.off(event, listener);
  }

  completed(job: Job): void {
    this.#listeners.emit('completed', { status: 'completed', job: job as never });
  }

  failed(job: Job, error: Error): void {
    this.#listeners.emit('failed', { status: 'failed', job: job as never, error });
  }

  error(error: Error): void {
    // An 'error' listener that throws would otherwise re-enter here forever.
    if (this.#reporting || this.#listeners.count('error') === 0) {
      console.error(`geo-runtime job queue: ${error.stack ?? error.message}`);
      return;
    }
    this.#reporting = true;
    try {
      this.#listeners.emit('error', error);
    } finally {
      this.#reporting = false;
    }
  }
}
