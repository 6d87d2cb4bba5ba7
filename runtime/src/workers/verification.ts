import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { REVERIFICATION_BATCH_SIZE } from '../verification/verification-columns.ts';

/** What verifying one replicator until nothing was due did. */
export interface VerificationPass {
  readonly replicableName: string;
  readonly verified: number;
  readonly markedForReverification: number;
}

export interface VerificationOptions {
  /** Concurrent checksums for this replicator (default: the site's whole `verification_max_capacity`). */
  readonly capacity?: number;
  /** Stop taking batches once aborted (a site shutting down); the running ones finish. */
  readonly signal?: AbortSignal;
}

/** Each replicator's share of the site's capacity runs as this many batches at once. */
const LANES = 4;

/**
 * The recurring part of verification (`Geo::VerificationCronWorker`): on the primary, marks
 * records verified longer ago than `minimum_reverification_interval` as pending, so data at rest
 * is checked again (and each new checksum reaches the secondaries as `checksum_succeeded`); on a
 * secondary, enables copies whose first primary checksum this site never heard of (see
 * `Registry.enableReadyVerifications`). Returns how many it marked for reverification.
 */
export async function prepareVerification(
  site: GeoSite,
  replicator: ReplicatorClass,
): Promise<number> {
  if (!(await replicator.verificationEnabled(site))) return 0;
  if (site.isSecondary()) {
    await replicator.registryClass.enableReadyVerifications(site);
    return 0;
  }
  return replicator
    .verificationTable(site)
    .reverifyBatch(site.node.minimumReverificationInterval, REVERIFICATION_BATCH_SIZE);
}

/**
 * Verifies one replicator until nothing is due (`Geo::VerificationBatchWorker` with its limited
 * capacity): `LANES` batches at a time, each of half the capacity, each checksumming its records
 * concurrently, each taking the next batch as soon as it is done.
 */
export async function verifyUntilDone(
  site: GeoSite,
  replicator: ReplicatorClass,
  options: VerificationOptions = {},
): Promise<number> {
  const capacity = Math.max(1, options.capacity ?? site.node.verificationMaxCapacity);
  const lanes = Math.min(LANES, capacity);
  const batchSize = Math.max(1, Math.floor(capacity / lanes));
  let verified = 0;
  const lane = async () => {
    while (!options.signal?.aborted) {
      const taken = await replicator.verifyBatch(site, batchSize);
      if (taken === 0) return;
      verified += taken;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return verified;
}

/** One full pass for one replicator: the recurring part, then verification until nothing is due. */
export async function verifyReplicator(
  site: GeoSite,
  replicator: ReplicatorClass,
  options: VerificationOptions = {},
): Promise<VerificationPass> {
  const markedForReverification = await prepareVerification(site, replicator);
  const verified = await verifyUntilDone(site, replicator, options);
  return { replicableName: replicator.replicableName, verified, markedForReverification };
}

/**
 * A site process's verification loop. `kick()` (the recurring job) starts it unless it runs:
 * every replicator with verification on gets an equal share of `verification_max_capacity`
 * (at least one), and the loop runs until none has anything due, so verification keeps up with
 * the data instead of a fixed number of batches a minute. `close()` stops it taking batches
 * and waits for the running ones.
 */
export class VerificationWorker {
  readonly #site: GeoSite;
  readonly #replicators: readonly ReplicatorClass[];
  readonly #abort = new AbortController();
  readonly #onError: (error: unknown) => void;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(
    site: GeoSite,
    replicators: readonly ReplicatorClass[],
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.#site = site;
    this.#replicators = replicators;
    this.#onError = onError;
  }

  /** Starts the loop, or asks a running one for one more round (new work may have come). */
  kick(): void {
    if (this.#abort.signal.aborted) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop()
      .catch(this.#onError)
      .finally(() => {
        this.#running = undefined;
      });
  }

  /** Resolves once the loop has nothing left to do (or has stopped). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.idle();
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      const enabled: ReplicatorClass[] = [];
      for (const replicator of this.#replicators) {
        if (await replicator.verificationEnabled(this.#site)) enabled.push(replicator);
      }
      if (enabled.length === 0) return;
      const capacity = Math.max(
        1,
        Math.floor(this.#site.node.verificationMaxCapacity / enabled.length),
      );
      await Promise.all(
        enabled.map((replicator) =>
          verifyUntilDone(this.#site, replicator, { capacity, signal: this.#abort.signal }).catch(
            this.#onError,
          ),
        ),
      );
    } while (this.#again && !this.#abort.signal.aborted);
  }
}
