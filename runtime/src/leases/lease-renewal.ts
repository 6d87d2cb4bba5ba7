import type { ExclusiveLease } from './exclusive-lease.ts';

/** A held lease kept alive in the background; `signal` aborts if it is lost. */
export interface LeaseRenewal {
  readonly signal: AbortSignal;
  stop(): void;
}

export class LeaseLostError extends Error {
  override readonly name: string = 'LeaseLostError';
  constructor(readonly key: string) {
    super(`Lost the lease ${key} to another worker while working under it.`);
  }
}

/**
 * Renews `lease` every third of its TTL while long work runs, so the TTL can stay short: a worker
 * that dies mid-work frees what it held within one TTL, not hours later.
 *
 * @example
 * const renewal = renewWhileRunning(lease);
 * try { await transferBlob({ ..., signal: renewal.signal }); } finally { renewal.stop(); }
 */
export function renewWhileRunning(
  lease: ExclusiveLease,
  lostError: (key: string) => Error = (key) => new LeaseLostError(key),
): LeaseRenewal {
  const controller = new AbortController();
  const timer = setInterval(() => {
    lease.renew().then(
      (held) => {
        if (!held) controller.abort(lostError(lease.key));
      },
      // A database hiccup: the next tick tries again, and the lease outlives two missed renewals.
      () => undefined,
    );
  }, lease.ttlMs / 3);
  timer.unref();
  return {
    signal: controller.signal,
    stop: () => clearInterval(timer),
  };
}
