import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../testing/services.ts';
import type { BullMqRedisClient } from '../bullmq-queue.ts';
import { redisConnection } from '../redis-connection.ts';

/** A Redis client for BullMQ in tests, on the test Redis (`GEO_TEST_REDIS_URL`). */
export function createTestRedisClient(): BullMqRedisClient {
  return redisConnection(REDIS_URL);
}

/** Deletes every key of one BullMQ queue (jobs, schedulers, events) and closes what it opened. */
export async function obliterateQueue(prefix: string, name: string): Promise<void> {
  const client = createTestRedisClient();
  const queue = new Queue(name, { connection: client, prefix });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    await client.quit();
  }
}

/** The Redis keys that match `pattern` (KEYS: fine for a test Redis, never for production). */
export async function redisKeys(pattern: string): Promise<string[]> {
  const client = new Redis(REDIS_URL);
  try {
    return await client.keys(pattern);
  } finally {
    await client.quit();
  }
}
