import { rm } from 'node:fs/promises';
import { RecordNotFoundError } from '../model/errors.ts';
import type { RepositoryModel, RepositoryModelClass } from '../model/repository-model.ts';
import type {
  RepositoryRegistry,
  RepositoryRegistryClass,
} from '../registry/repository-registry.ts';
import { bareRepositoryExists } from '../repository/bare-repository.ts';
import { repositoryGitDir, temporaryCloneRoot } from '../repository/disk-path.ts';
import type { Housekeeping } from '../repository/mirror.ts';
import { calculateRefsChecksum } from '../repository/refs-checksum.ts';
import { removeCloneLeftovers } from '../repository/clone-leftovers.ts';
import type { ReplicationStateName } from '../states/replication-state.ts';
import type { SyncAttempt } from '../status/activity-metrics.ts';
import type {
  EventPayload,
  MainExecutor,
  ReplicatorEvent,
  RepositoryDeletedPayload,
  StrategyEvent,
} from './events.ts';
import type { PublishResult } from './publish-skip.ts';
import type { ReplicatorClassBase, SyncOutcome } from './replicator-class.ts';
import { Replicator } from './replicator.ts';

/**
 * Three hours (`FrameworkRepositorySyncService::LEASE_TIMEOUT`): a repository sync still
 * `started` after this was lost with its worker.
 */
export const REPOSITORY_SYNC_TIMEOUT_SECONDS = 3 * 60 * 60;

/** The lease one registry's repository sync holds (the original's `geo_sync_ssf_service`). */
export function repositorySyncLeaseKey(replicableName: string, modelRecordId: number): string {
  return `geo_sync_ssf_service:${replicableName}:${modelRecordId}`;
}

/** How often a push tries to mark the primary's checksum stale against concurrent verifications. */
const PENDING_ATTEMPTS = 5;

/** Concurrent verifications kept moving the row: the push's checksum mark could not be made. */
export class VerificationMarkLostError extends Error {
  override readonly name = 'VerificationMarkLostError';
  constructor(readonly modelRecordId: number) {
    super(
      `Could not mark the checksum of repository record ${modelRecordId} for verification after ` +
        `${PENDING_ATTEMPTS} tries: other verifications kept changing it. Call afterPush() again.`,
    );
  }
}

/** The record has no repository on this site to checksum. */
export class RepositoryNotChecksummableError extends Error {
  override readonly name = 'RepositoryNotChecksummableError';
  constructor(
    readonly replicable: string,
    readonly id: number,
    readonly gitDir: string,
  ) {
    super(`Repository is not checksummable - no repository at: ${gitDir}`);
  }
}

/**
 * What one repository sync did. The registry already reflects it; the result is for the caller
 * (a worker's log line, a test).
 */
export type RepositorySyncResult =
  | {
      readonly kind: 'synced';
      /** A new repository was cloned, or an existing one fetched. */
      readonly how: 'cloned' | 'fetched';
      readonly refsChecksum: string;
      readonly housekeeping: Housekeeping;
    }
  /** The primary has no such repository: synced as `missing_on_primary`, nothing changed here. */
  | { readonly kind: 'missing-on-primary' }
  | {
      readonly kind: 'failed';
      /** The registry's `last_sync_failure`, before git's message is appended. */
      readonly reason: string;
      readonly details: Readonly<Record<string, string | number>>;
    }
  /** The record's `deleted` event was consumed while git ran: its copy was removed too. */
  | { readonly kind: 'deleted-meanwhile' }
  /** Synced, but an `updated` event marked the registry pending meanwhile: it syncs again. */
  | { readonly kind: 'reset-mid-sync'; readonly state: ReplicationStateName }
  /** Nothing was attempted and the registry was not touched. */
  | { readonly kind: 'skipped'; readonly reason: 'already-running' | 'not-secondary' };

/** How a secondary fetches a repository from the primary (git over smart HTTP). */
export interface RepositoryFetcher {
  fetch(replicator: RepositoryReplicator): Promise<RepositorySyncResult>;
}

/** A repository replicator class: `strategy` says so, and its model's records each own a repository. */
export interface RepositoryReplicatorClass extends ReplicatorClassBase<RepositoryReplicator> {
  readonly strategy: 'repository';
  readonly model: RepositoryModelClass;
  readonly registryClass: RepositoryRegistryClass;
}

/**
 * The repository strategy (`Geo::RepositoryReplicatorStrategy`): one bare git repository per
 * record, on a storage (shard) every site maps to a directory. Events: `created` (handled as
 * `updated`), `updated` (after a push), `deleted`, and `checksum_succeeded` as every verifiable
 * replicator. A secondary mirrors the primary's repository with the system git; both sites
 * verify it by a checksum of its refs.
 *
 * @example
 * class GizmoReplicator extends RepositoryReplicator<Gizmo> {
 *   static override get model() { return Gizmo; }
 *   static override get registryClass() { return GizmoRegistry; }
 * }
 */
export abstract class RepositoryReplicator<
  M extends RepositoryModel = RepositoryModel,
> extends Replicator<M> {
  static override readonly strategy = 'repository' as const;
  static override readonly syncTimeoutSeconds: number = REPOSITORY_SYNC_TIMEOUT_SECONDS;
  static override readonly events: readonly ReplicatorEvent[] = [
    'created',
    'updated',
    'deleted',
    'checksum_succeeded',
  ];

  override get replicatorClass(): RepositoryReplicatorClass {
    return this.constructor as RepositoryReplicatorClass;
  }

  /** This record's registry on the current secondary, created pending when missing. */
  override async registry(): Promise<RepositoryRegistry> {
    return this.replicatorClass.registryClass.findOrCreate(this.site, this.modelRecordId);
  }

  /** This record's bare repository on this site. */
  async gitDir(): Promise<string> {
    return (await this.modelRecord()).gitDir;
  }

  /** Where a new clone of it waits before it moves into place (same storage, same file system). */
  async temporaryCloneRoot(): Promise<string> {
    const record = await this.modelRecord();
    return temporaryCloneRoot(this.site.repositoryStorageRoot(record.repositoryStorage));
  }

  /** Whether this site has the record's repository. */
  async resourceExists(): Promise<boolean> {
    return bareRepositoryExists(await this.gitDir());
  }

  /** The refs checksum of this site's copy (see `calculateRefsChecksum`); a clear error without one. */
  async calculateChecksum(): Promise<string> {
    const gitDir = await this.gitDir();
    if (!(await bareRepositoryExists(gitDir))) {
      throw new RepositoryNotChecksummableError(
        this.replicatorClass.replicableName,
        this.modelRecordId,
        gitDir,
      );
    }
    return calculateRefsChecksum(gitDir);
  }

  async deleteLocalCopy(): Promise<void> {
    await rm(await this.gitDir(), { recursive: true, force: true });
  }

  get syncLeaseKey(): string {
    return repositorySyncLeaseKey(this.replicableName, this.modelRecordId);
  }

  /** The clones a sync killed midway left in the storage's temporary directory. */
  async removeSyncLeftovers(): Promise<number> {
    let gitDir: string;
    let tempRoot: string;
    try {
      [gitDir, tempRoot] = [await this.gitDir(), await this.temporaryCloneRoot()];
    } catch (error) {
      // The record is gone on the primary: its `deleted` event removes the copy and the registry.
      if (error instanceof RecordNotFoundError) return 0;
      throw error;
    }
    return removeCloneLeftovers(tempRoot, gitDir);
  }

  /** The `deleted` payload: where the repository was, read from the record before it goes. */
  async deletedParams(): Promise<RepositoryDeletedPayload> {
    const record = await this.modelRecord();
    return {
      model_record_id: this.modelRecordId,
      repository_storage: record.repositoryStorage,
      disk_path: record.diskPath,
      full_path: record.fullPath,
    };
  }

  /** Call in the transaction that created the record. */
  async handleAfterCreate(db: MainExecutor): Promise<PublishResult> {
    return this.publish('created', this.eventParams(), db);
  }

  /**
   * Call after a push to the repository (the host's post-receive hook point): its refs changed,
   * so the primary's checksum is stale and is computed again (`after_verifiable_update`), and
   * secondaries are told to fetch. Both in one transaction: `db`'s, or one of its own.
   */
  async handleAfterUpdate(db: MainExecutor = this.site.mainDb): Promise<PublishResult> {
    if (db.isTransaction) return this.#afterUpdate(db);
    return db.transaction().execute((trx) => this.#afterUpdate(trx));
  }

  async #afterUpdate(db: MainExecutor): Promise<PublishResult> {
    if (this.site.isPrimary()) {
      const table = this.replicatorClass.verificationTable(this.site).withDb(db);
      // A verification that finishes meanwhile moves the row under us ('superseded'), and would
      // leave the checksum of the refs before this push: mark it again until the mark holds.
      for (let attempt = 1; (await table.pending(this.modelRecordId)).kind === 'superseded';) {
        if (++attempt > PENDING_ATTEMPTS) throw new VerificationMarkLostError(this.modelRecordId);
      }
    }
    return this.publish('updated', this.eventParams(), db);
  }

  /** Call in the transaction that deletes the record, with the payload taken before the delete. */
  async handleAfterDestroy(
    payload: RepositoryDeletedPayload,
    db: MainExecutor,
  ): Promise<PublishResult> {
    return this.publish('deleted', payload, db);
  }

  protected override async consumeEvent(
    event: StrategyEvent,
    payload: EventPayload,
  ): Promise<void> {
    switch (event) {
      // A repository that is new on the primary is one that changed from nothing.
      case 'created':
      case 'updated':
        await this.consumeUpdated();
        return;
      case 'deleted':
        await this.consumeDeleted(payload as RepositoryDeletedPayload);
        return;
    }
  }

  /**
   * The repository changed on the primary: track it and sync it, if this site should hold it.
   * A registry already syncing is marked pending, so that its sync, which may have fetched
   * before the push, ends `reset-mid-sync` and the repository is fetched again.
   */
  private async consumeUpdated(): Promise<void> {
    const record = await this.replicatorClass.model.findById(this.site, this.modelRecordId);
    // Deleted again before we got here: the `deleted` event will clean up.
    if (!record || !(await record.inReplicablesForCurrentSecondary())) return;
    const registry = await this.registry();
    if (registry.state !== 'pending') await registry.pending();
    await this.sync();
  }

  /**
   * The repository is gone on the primary: delete this site's copy and its registry. Needs no
   * model row (it was deleted with the event), only the payload's storage and disk path.
   */
  private async consumeDeleted(payload: RepositoryDeletedPayload): Promise<void> {
    const root = this.site.repositoryStorageRoot(payload.repository_storage);
    await rm(repositoryGitDir(root, payload.disk_path), { recursive: true, force: true });
    await this.replicatorClass.registryClass.deleteForModelIds(this.site, [this.modelRecordId]);
  }

  /** Mirrors the repository from the primary (on a secondary with a repository fetcher). */
  async sync(): Promise<SyncOutcome<RepositorySyncResult>> {
    const record = await this.replicatorClass.model.findById(this.site, this.modelRecordId);
    if (record && !(await record.inReplicablesForCurrentSecondary())) return { kind: 'excluded' };
    const fetcher = this.site.fetchers.repository;
    if (!fetcher) return { kind: 'deferred' };
    return this.countedAttempt(() => fetcher.fetch(this), repositorySyncSummary);
  }
}

/** A repository sync's outcome for the metrics (git does not tell how many bytes it fetched). */
function repositorySyncSummary(
  result: RepositorySyncResult,
): Pick<SyncAttempt, 'outcome'> | undefined {
  switch (result.kind) {
    case 'synced':
    case 'missing-on-primary':
      return { outcome: 'success' };
    case 'failed':
      return { outcome: 'failure' };
    case 'reset-mid-sync':
    case 'deleted-meanwhile':
      return { outcome: 'superseded' };
    case 'skipped':
      return undefined;
  }
}
