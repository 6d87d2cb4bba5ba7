import type { ExclusiveLease } from '../leases/exclusive-lease.ts';
import { DownloadLeaseLostError } from './errors.ts';

/** A held lease kept alive in the background; `signal` aborts if it is lost. */
export interface LeaseRenewal {
  readonly signal: AbortSignal;
  stop(): void;
}

/**
 * Renews `lease` every third of its TTL while long work runs, so the TTL can stay short: a worker
 * that dies mid-download frees the registry within one TTL, not hours later.
 *
 * @example
 * const renewal = renewWhileRunning(lease);
 * try { await transferBlob({ ..., signal: renewal.signal }); } finally { renewal.stop(); }
 */
export function renewWhileRunning(lease: ExclusiveLease): LeaseRenewal {
  const controller = new AbortController();
  const timer = setInterval(() => {
    lease.renew().then(
      (held) => {
        if (!held) controller.abort(new DownloadLeaseLostError(lease.key));
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
