import { createBunRedisClient, Queue, type BunRedisRawClient } from 'bullmq';
import { REDIS_URL } from '../../testing/services.ts';
import type { BullMqRedisClient } from '../bullmq-queue.ts';
import { RespClient } from './resp-client.ts';

/** A Redis client for BullMQ in tests, on the test Redis (`GEO_TEST_REDIS_URL`). */
export function createTestRedisClient(): BullMqRedisClient {
  // Bun types `send` as returning whatever the caller asks for; ours admits it returns RespReply.
  return createBunRedisClient(new RespClient(REDIS_URL) as unknown as BunRedisRawClient);
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
  const client = new RespClient(REDIS_URL);
  await client.connect();
  try {
    const reply = await client.send('KEYS', [pattern]);
    return Array.isArray(reply) ? reply.map(String) : [];
  } finally {
    client.close();
  }
}
