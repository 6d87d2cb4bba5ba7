import { InvalidJobQueueOptionError } from './errors.ts';

/** The longest delay a Node.js timer can wait (about 24.8 days); the limit applies to both queues. */
export const MAX_DELAY_MS = 2_147_483_647;

function wholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Validates `delayMs` (default 0). */
export function checkedDelay(delayMs: number | undefined): number {
  if (delayMs === undefined) return 0;
  if (!wholeNumber(delayMs, 0, MAX_DELAY_MS)) {
    throw new InvalidJobQueueOptionError(
      'delayMs',
      delayMs,
      `a whole number of milliseconds from 0 to ${MAX_DELAY_MS}`,
    );
  }
  return delayMs;
}

/** Validates the interval of a recurring job. */
export function checkedInterval(intervalMs: number): number {
  if (!wholeNumber(intervalMs, 1, MAX_DELAY_MS)) {
    throw new InvalidJobQueueOptionError(
      'intervalMs',
      intervalMs,
      `a whole number of milliseconds from 1 to ${MAX_DELAY_MS}`,
    );
  }
  return intervalMs;
}

/** Validates a worker's concurrency (default 1, like BullMQ). */
export function checkedConcurrency(concurrency: number | undefined): number {
  if (concurrency === undefined) return 1;
  if (!wholeNumber(concurrency, 1, Number.MAX_SAFE_INTEGER)) {
    throw new InvalidJobQueueOptionError(
      'concurrency',
      concurrency,
      'a whole number of at least 1',
    );
  }
  return concurrency;
}

/** Validates a job name or a job id: any non-empty string. */
export function checkedName(option: 'name' | 'jobId', value: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidJobQueueOptionError(option, value, 'a non-empty string');
  }
  return value;
}
