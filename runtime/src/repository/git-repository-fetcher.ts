import { rm } from 'node:fs/promises';
import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import { renewWhileRunning } from '../leases/lease-renewal.ts';
import type { RepositoryRegistry } from '../registry/repository-registry.ts';
import type {
  RepositoryFetcher,
  RepositoryReplicator,
  RepositorySyncResult,
} from '../replicator/repository-replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { geoRepositorySyncAuthorization } from '../transfer/authorization-header.ts';
import { describeError } from '../transfer/errors.ts';
import { GitCommandError, GitUnavailableError } from './git.ts';
import { syncRepository, TempRootOnOtherFileSystemError } from './mirror.ts';
import { InvalidGitHeaderError, RemoteRefusedCredentialsError } from './remote-access.ts';

export interface GitRepositoryFetcherOptions {
  /**
   * TTL of the per-registry sync lease (default 10 min). It is renewed while git runs, so this
   * bounds how long a crashed worker blocks the next attempt, not how long a sync may take.
   */
  readonly leaseTtlMs?: number;
  /**
   * The longest one sync may run before git is stopped and the registry failed (default: the
   * replicator's sync timeout, 3 hours for repositories).
   */
  readonly syncTimeoutMs?: number;
  /**
   * How many times one `fetch` syncs in a row while `updated` events keep marking the registry
   * pending mid-sync (default 3). Past that, the registry stays pending for the sync scheduler.
   */
  readonly maxRounds?: number;
}

/** The registry failure reasons, as the original words them (admins search logs for these). */
export const REPOSITORY_SYNC_FAILURE_REASONS = {
  noPrimary: 'Skipping repository sync as there is no Primary node to sync from',
  gitError: 'Error syncing repository',
  unexpected: 'Error while attempting to sync',
} as const;

const DEFAULT_LEASE_TTL_MS = 10 * 60_000;
const DEFAULT_MAX_ROUNDS = 3;

/** Another worker took over this registry's sync lease (ours lapsed): git was stopped. */
export class RepositorySyncLeaseLostError extends Error {
  override readonly name = 'RepositorySyncLeaseLostError';
  constructor(readonly key: string) {
    super(
      `Lost the sync lease ${key} to another worker mid-sync; git was stopped and a clone in ` +
        'progress discarded. If this repeats, raise the fetcher’s leaseTtlMs.',
    );
  }
}

/** The sync ran past its timeout: git was stopped, and the registry is retried later. */
export class RepositorySyncTimeoutError extends Error {
  override readonly name = 'RepositorySyncTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(
      `The repository sync ran longer than ${describeDuration(timeoutMs)} and was stopped; a ` +
        'clone in progress was discarded. Check the network to the primary and the size of the ' +
        'repository.',
    );
  }
}

type Failure = Extract<RepositorySyncResult, { kind: 'failed' }>;

/**
 * A secondary's `RepositoryFetcher` over git's smart HTTP (`Geo::FrameworkRepositorySyncService`):
 * for one registry at a time (a lease in the tracking database, renewed while git runs), it
 * starts the registry and mirrors `<primary internal URL>/<full_path>.git` into the record's
 * repository with a ten-minute `GL-Geo` repository sync token that stays off every command line
 * (`syncRepository`): a new repository is cloned aside and moved into place, an existing one
 * gets a forced, pruning fetch, and HEAD follows the primary's. Then the registry is synced (the
 * primary's documented 404 too, as `missing_on_primary`), or failed with git's message and a
 * retry time. When an `updated` event marked the registry pending meanwhile, it syncs again once
 * the lease is released, a few rounds at most.
 *
 * @example
 * const site = await GeoSite.load({
 *   ...options,
 *   fetchers: (site) => ({ repository: new GitRepositoryFetcher(site) }),
 * });
 * await new ProjectRepositoryReplicator(site, { modelRecordId: 7 }).sync();
 */
export class GitRepositoryFetcher implements RepositoryFetcher {
  readonly #site: GeoSite;
  readonly #leaseTtlMs: number;
  readonly #syncTimeoutMs: number | undefined;
  readonly #maxRounds: number;

  constructor(site: GeoSite, options: GitRepositoryFetcherOptions = {}) {
    this.#site = site;
    this.#leaseTtlMs = positive('leaseTtlMs', options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS);
    this.#syncTimeoutMs =
      options.syncTimeoutMs === undefined
        ? undefined
        : positive('syncTimeoutMs', options.syncTimeoutMs);
    const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
    if (!Number.isInteger(maxRounds) || maxRounds < 1) {
      throw new RangeError(
        `GitRepositoryFetcher: maxRounds must be a whole number of at least 1, got ${maxRounds}.`,
      );
    }
    this.#maxRounds = maxRounds;
  }

  /**
   * Syncs the replicator's repository; returns what the last round did. A round that ends
   * `reset-mid-sync` (an `updated` event arrived while git ran) is followed by another, after the
   * lease is released, up to `maxRounds`.
   */
  async fetch(replicator: RepositoryReplicator): Promise<RepositorySyncResult> {
    if (!this.#site.isSecondary()) return { kind: 'skipped', reason: 'not-secondary' };
    let result: RepositorySyncResult;
    for (let round = 1; ; round++) {
      result = await this.#roundUnderLease(replicator);
      if (result.kind !== 'reset-mid-sync' || round >= this.#maxRounds) return result;
    }
  }

  async #roundUnderLease(replicator: RepositoryReplicator): Promise<RepositorySyncResult> {
    // The strategy's key: the timeout sweep looks for this lease to tell a live sync.
    const lease = new ExclusiveLease(
      this.#site.trackingDb,
      replicator.syncLeaseKey,
      this.#leaseTtlMs,
    );
    if (!(await lease.tryObtain())) return { kind: 'skipped', reason: 'already-running' };
    const renewal = renewWhileRunning(lease, (key) => new RepositorySyncLeaseLostError(key));
    const timeoutMs = this.#syncTimeoutMs ?? replicator.replicatorClass.syncTimeoutSeconds * 1000;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new RepositorySyncTimeoutError(timeoutMs)),
      timeoutMs,
    );
    timer.unref();
    try {
      const signal = AbortSignal.any([renewal.signal, deadline.signal]);
      return await this.#syncRegistry(replicator, signal);
    } finally {
      clearTimeout(timer);
      renewal.stop();
      await lease.release();
    }
  }

  async #syncRegistry(
    replicator: RepositoryReplicator,
    signal: AbortSignal,
  ): Promise<RepositorySyncResult> {
    const registry = await replicator.registry();
    let url: string | undefined;
    let target: string | undefined;
    try {
      await registry.start();
      const primary = await this.#site.nodes.primary();
      if (!primary) {
        const failure = failed(REPOSITORY_SYNC_FAILURE_REASONS.noPrimary);
        await registry.failed({ message: failure.reason });
        return failure;
      }
      const record = await replicator.modelRecord();
      url = repositoryUrl(primary.internalUrl, record.fullPath);
      target = record.gitDir;
      const mirrored = await syncRepository({
        url,
        headers: {
          Authorization: await geoRepositorySyncAuthorization(this.#site.node, {
            fullPath: record.fullPath,
          }),
        },
        target,
        tempRoot: await replicator.temporaryCloneRoot(),
        signal,
      });
      // Under the lease no other sync of this repository runs: a clone of it still waiting aside
      // is a dead worker's, left by the sweep or by the worker's git, which goes on after its
      // worker is killed (a disk leak otherwise).
      await replicator.removeSyncLeftovers();
      if (await deletedMeanwhile(registry, target)) return { kind: 'deleted-meanwhile' };
      if (mirrored.kind === 'missing-on-primary') {
        const synced = await registry.syncedFromPrimary({ missingOnPrimary: true });
        return synced.kind === 'synced' ? { kind: 'missing-on-primary' } : synced;
      }
      const synced = await registry.syncedFromPrimary({ missingOnPrimary: false });
      if (synced.kind !== 'synced') return synced;
      return {
        kind: 'synced',
        how: mirrored.kind,
        refsChecksum: mirrored.refsChecksum,
        housekeeping: mirrored.housekeeping,
      };
    } catch (error) {
      if (await deletedMeanwhile(registry, target)) return { kind: 'deleted-meanwhile' };
      // Anything unforeseen (a database error, a row left `started` by a crashed worker) still
      // ends in `failed`, so the registry is retried with backoff instead of sitting stuck.
      return failRegistry(registry, error, url);
    }
  }
}

/** `<internal URL>/<full_path>.git`, whatever trailing slashes the internal URL has. */
export function repositoryUrl(internalUrl: string, fullPath: string): string {
  return `${internalUrl.replace(/\/+$/, '')}/${fullPath}.git`;
}

/**
 * Whether the record's `deleted` event was consumed while git ran (it removes the registry and the
 * copy without waiting for the sync): then what git put in place since is removed too, so that no
 * repository stays on this site without a registry.
 */
async function deletedMeanwhile(
  registry: RepositoryRegistry,
  target: string | undefined,
): Promise<boolean> {
  if (await registry.registryClass.findById(registry.site, registry.id)) return false;
  if (target !== undefined) await rm(target, { recursive: true, force: true });
  return true;
}

/** A failure of git (or of the sync git runs under): the registry gets git's own message. */
function isGitFailure(error: unknown): error is Error {
  return (
    error instanceof GitCommandError ||
    error instanceof RemoteRefusedCredentialsError ||
    error instanceof GitUnavailableError ||
    error instanceof TempRootOnOtherFileSystemError ||
    error instanceof InvalidGitHeaderError ||
    error instanceof RepositorySyncLeaseLostError ||
    error instanceof RepositorySyncTimeoutError
  );
}

async function failRegistry(
  registry: RepositoryRegistry,
  error: unknown,
  url: string | undefined,
): Promise<RepositorySyncResult> {
  const reason = isGitFailure(error)
    ? REPOSITORY_SYNC_FAILURE_REASONS.gitError
    : REPOSITORY_SYNC_FAILURE_REASONS.unexpected;
  // git's own message; `describeError` adds the causes an unforeseen error hides.
  const message = isGitFailure(error) ? error.message : describeError(error);
  // If even this fails (the tracking database is down), the caller hears the original error.
  await registry.failed({ message: reason, error: message }).catch(() => {
    throw error;
  });
  return failed(reason, { error: message, ...(url !== undefined && { url }) });
}

function failed(reason: string, details: Failure['details'] = {}): Failure {
  return { kind: 'failed', reason, details };
}

function positive(option: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `GitRepositoryFetcher: ${option} must be a positive number of milliseconds, got ${value}.`,
    );
  }
  return value;
}

function describeDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${ms / 1000} s`;
}
