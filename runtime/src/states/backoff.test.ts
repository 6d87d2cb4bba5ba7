import { describe, expect, it } from 'vitest';
import {
  MISSING_ON_PRIMARY_MAX_RETRY_WAIT_SECONDS,
  nextRetryTime,
  retryDelaySeconds,
} from './backoff.ts';
import { failureMessage } from './failure-message.ts';

const now = new Date('2026-01-01T00:00:00Z');
const secondsAfterNow = (date: Date) => (date.getTime() - now.getTime()) / 1000;

describe('retry backoff', () => {
  it('waits retry_count⁴ + 15 + random(0..29)·(retry_count+1) seconds', () => {
    expect(retryDelaySeconds(1, () => 0)).toBe(16);
    expect(retryDelaySeconds(1, () => 0.999)).toBe(1 + 15 + 29 * 2);
    expect(retryDelaySeconds(3, () => 0.5)).toBe(81 + 15 + 15 * 4);
  });

  it('grows with the retry count', () => {
    const waits = [1, 2, 4, 6].map((count) =>
      secondsAfterNow(nextRetryTime(count, { now, random: () => 0 })),
    );
    expect(waits).toEqual([16, 31, 271, 1311]);
  });

  it('is capped near one hour', () => {
    const wait = secondsAfterNow(nextRetryTime(50, { now, random: () => 0 }));
    expect(wait).toBe(3600 + 16);
  });

  it('is capped near four hours when the file is missing on the primary', () => {
    const wait = secondsAfterNow(
      nextRetryTime(50, {
        now,
        random: () => 0,
        maxWaitSeconds: MISSING_ON_PRIMARY_MAX_RETRY_WAIT_SECONDS,
      }),
    );
    expect(wait).toBe(4 * 3600 + 16);
  });
});

describe('failure messages', () => {
  it('joins the message and the error', () => {
    expect(failureMessage('Error downloading file', new Error('socket hang up'))).toBe(
      'Error downloading file: socket hang up',
    );
  });

  it('are cut to 255 characters ending in ...', () => {
    const message = failureMessage('x'.repeat(300));
    expect(message).toHaveLength(255);
    expect(message.endsWith('...')).toBe(true);
  });
});
