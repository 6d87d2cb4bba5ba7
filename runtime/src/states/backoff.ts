/** One hour: the usual cap on the wait before a retry. */
export const DEFAULT_MAX_RETRY_WAIT_SECONDS = 60 * 60;
/** Four hours: the cap when the file is missing on the primary, where retrying soon is futile. */
export const MISSING_ON_PRIMARY_MAX_RETRY_WAIT_SECONDS = 4 * 60 * 60;

export type Random = () => number;

/** `n⁴ + 15 + random(0..29)·(n+1)` seconds: quick first retries, then quickly longer waits. */
export function retryDelaySeconds(retryCount: number, random: Random = Math.random): number {
  return retryCount ** 4 + 15 + Math.floor(random() * 30) * (retryCount + 1);
}

/**
 * When to retry after the `retryCount`th failure: now + the delay, capped near `maxWaitSeconds`
 * (plus a first-retry jitter, so many rows failing at once do not retry in one burst).
 */
export function nextRetryTime(
  retryCount: number,
  options: { now?: Date; maxWaitSeconds?: number; random?: Random } = {},
): Date {
  const now = options.now ?? new Date();
  const random = options.random ?? Math.random;
  const cap =
    (options.maxWaitSeconds ?? DEFAULT_MAX_RETRY_WAIT_SECONDS) + retryDelaySeconds(1, random);
  const delay = Math.min(retryDelaySeconds(retryCount, random), cap);
  return new Date(now.getTime() + delay * 1000);
}
