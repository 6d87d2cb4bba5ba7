import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BullMqQueue } from './bullmq-queue.ts';
import { describeJobQueueConformance, type ConformanceJobs } from './job-queue.conformance.ts';
import { createTestRedisClient, obliterateQueue, redisKeys } from './testing/redis-test-client.ts';

// Every queue of this file lives under this prefix with a random name, and is obliterated after.
const PREFIX = 'geo-test';
const redisUnavailable = inject('redisUnavailable');

describe.skipIf(redisUnavailable !== null)('BullMqQueue on Redis', () => {
  // Each worker is its own BullMqQueue with its own connection, as separate processes would be.
  describeJobQueueConformance('BullMqQueue', {
    createQueue() {
      const queue = `conformance-${randomBytes(4).toString('hex')}`;
      return {
        worker: (options) =>
          new BullMqQueue<ConformanceJobs>({
            site: 'site',
            queue,
            prefix: PREFIX,
            ...options,
            createClient: createTestRedisClient,
          }),
        dispose: () => obliterateQueue(`${PREFIX}:site`, queue),
      };
    },
  });

  describe('sites', () => {
    const queue = `sites-${randomBytes(4).toString('hex')}`;
    const open = (site: string) =>
      new BullMqQueue<ConformanceJobs>({
        site,
        queue,
        prefix: PREFIX,
        createClient: createTestRedisClient,
      });
    afterAll(async () => {
      await obliterateQueue(`${PREFIX}:primary`, queue);
      await obliterateQueue(`${PREFIX}:secondary`, queue);
    });

    it('keeps the jobs of two sites on one Redis apart, under <prefix>:<site>:<queue>', async () => {
      const primary = open('primary');
      const secondary = open('secondary');
      try {
        const ran: string[] = [];
        primary.handle('work', ({ data }) => void ran.push(`primary ${data.label}`));
        secondary.handle('work', ({ data }) => void ran.push(`secondary ${data.label}`));
        await secondary.start();
        await primary.add('work', { label: 'p' }, { jobId: 'same-id' });
        await secondary.add('work', { label: 's' }, { jobId: 'same-id' });

        await expect.poll(() => ran, { timeout: 10_000 }).toEqual(['secondary s']);
        expect(await primary.counts()).toEqual({ waiting: 1, delayed: 0, active: 0 });
        expect(await redisKeys(`${PREFIX}:primary:${queue}:*`)).toContain(
          `${PREFIX}:primary:${queue}:j.same-id`,
        );
      } finally {
        await Promise.all([primary.close(), secondary.close()]);
      }
    });

    it("refuses a site name that would run into BullMQ's ':' key separator", () => {
      expect(() => open('a:b')).toThrow(/site must be a non-empty name without ':'/);
    });
  });
});
