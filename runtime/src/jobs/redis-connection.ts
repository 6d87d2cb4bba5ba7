import { Redis } from 'ioredis';
import type { BullMqRedisClient } from './bullmq-queue.ts';

/**
 * A Redis connection as BullMQ needs it: `maxRetriesPerRequest: null`, so a blocking worker
 * command waits through a Redis restart instead of failing.
 */
export function redisConnection(url: string): BullMqRedisClient {
  return new Redis(url, { maxRetriesPerRequest: null });
}
