import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { EventGaps } from './event-gaps.ts';
import { eventsAfter, eventsWithIds, lastEventId, type LoggedEvent } from './event-log.ts';
import { EventLogPosition } from './event-log-position.ts';

export const LOG_CURSOR_LEASE_KEY = 'geo_log_cursor_processed';

export interface LogCursorOptions {
  /** Hands one event to the job system (the cursor never does the work itself). */
  readonly enqueue: (event: LoggedEvent) => Promise<void>;
  readonly batchSize?: number;
  /** Only one cursor per site is active; the others wait for its lease to lapse. */
  readonly leaseTtlMs?: number;
  /** How long a gap in event ids is looked for before it is given up. */
  readonly gapGiveUpAfterMs?: number;
  /** Identifies this cursor in the lease (default: random). */
  readonly owner?: string;
}

/** What one cycle of the cursor did. */
export type CursorCycle =
  | { readonly kind: 'standby'; readonly retryInMs: number }
  | { readonly kind: 'initialized'; readonly at: number }
  | {
      readonly kind: 'processed';
      readonly events: number;
      readonly gapsFilled: number;
      readonly position: number;
    }
  | { readonly kind: 'lease-lost'; readonly events: number };

/**
 * The secondary's log cursor (`Geo::LogCursor::Daemon`): reads the primary's event log from the
 * replicated main database after the last event it handled and enqueues one job per event.
 */
export class LogCursor {
  readonly #site: GeoSite;
  readonly #options: Required<Omit<LogCursorOptions, 'owner'>>;
  readonly #lease: ExclusiveLease;
  readonly #position: EventLogPosition;
  readonly #gaps: EventGaps;

  constructor(site: GeoSite, options: LogCursorOptions) {
    this.#site = site;
    this.#options = {
      batchSize: 250,
      leaseTtlMs: 30_000,
      gapGiveUpAfterMs: 60 * 60 * 1000,
      ...options,
    };
    this.#lease = new ExclusiveLease(
      site.trackingDb,
      LOG_CURSOR_LEASE_KEY,
      this.#options.leaseTtlMs,
      options.owner,
    );
    this.#position = new EventLogPosition(site.trackingDb);
    this.#gaps = new EventGaps(site.trackingDb, this.#options.gapGiveUpAfterMs);
  }

  get owner(): string {
    return this.#lease.owner;
  }

  /** One cycle: take (or renew) the lease, look for gaps, then handle every new event in batches. */
  async runOnce(): Promise<CursorCycle> {
    if (!(await this.#lease.tryObtain())) {
      return { kind: 'standby', retryInMs: Math.max(100, await this.#lease.remainingMs()) };
    }
    const last = await this.#position.last();
    if (last === undefined) {
      // A new secondary starts at the newest event; backfill (consistency worker) covers the rest.
      const at = await lastEventId(this.#site.mainDb);
      await this.#position.save(at);
      return { kind: 'initialized', at };
    }
    const gapsFilled = await this.fillGaps();
    let position = last;
    let handled = 0;
    for (;;) {
      const batch = await eventsAfter(this.#site.mainDb, position, this.#options.batchSize);
      if (batch.length === 0) break;
      for (const event of batch) {
        await this.#gaps.track(position, event.id);
        await this.#options.enqueue(event);
        position = event.id;
        handled++;
      }
      await this.#position.save(position);
      if (!(await this.#lease.renew())) return { kind: 'lease-lost', events: handled };
      if (batch.length < this.#options.batchSize) break;
    }
    return { kind: 'processed', events: handled, gapsFilled, position };
  }

  /** Handles gap events that have committed since, and gives up on those too old. */
  private async fillGaps(): Promise<number> {
    await this.#gaps.giveUpOutdated();
    const found = await eventsWithIds(this.#site.mainDb, await this.#gaps.pending());
    for (const event of found) await this.#options.enqueue(event);
    await this.#gaps.resolve(found.map((event) => event.id));
    return found.length;
  }

  /**
   * Runs cycles until `signal` aborts: right away again after a full batch, after `idleMs` when
   * idle, and after the lease's remaining time while another cursor is active.
   */
  async run(
    signal: AbortSignal,
    idleMs = 1000,
    onCycle?: (cycle: CursorCycle) => void,
  ): Promise<void> {
    while (!signal.aborted) {
      let wait = idleMs;
      try {
        const cycle = await this.runOnce();
        onCycle?.(cycle);
        if (cycle.kind === 'standby') wait = Math.min(cycle.retryInMs, this.#options.leaseTtlMs);
      } catch (error) {
        // A failed cycle gives the lease up so another cursor can take over, then tries again.
        await this.#lease.release().catch(() => undefined);
        onCycle?.({ kind: 'lease-lost', events: 0 });
        void error;
      }
      await sleep(wait, signal);
    }
    await this.#lease.release().catch(() => undefined);
  }

  /** Gives up the lease (on shutdown). */
  async release(): Promise<void> {
    await this.#lease.release();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
