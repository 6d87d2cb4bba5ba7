import { rm } from 'node:fs/promises';
import type { BlobModelClass } from '../model/blob-model.ts';
import type { ReplicableModel } from '../model/replicable-model.ts';
import { RecordNotFoundError } from '../model/errors.ts';
import type { Registry } from '../registry/registry.ts';
import type { ReplicationStateName } from '../states/replication-state.ts';
import { resolveBlobPath, type Uploader } from '../uploader/uploader.ts';
import type {
  BlobDeletedPayload,
  EventPayload,
  MainExecutor,
  ReplicatorEvent,
  StrategyEvent,
} from './events.ts';
import { StagedFile } from '../transfer/staged-file.ts';
import { sha256File } from '../verification/checksum.ts';
import type { SyncAttempt } from '../status/activity-metrics.ts';
import type { PublishResult } from './publish-skip.ts';
import type { ReplicatorClassBase, SyncOutcome } from './replicator-class.ts';
import { Replicator } from './replicator.ts';
import { logBlobDownload } from './blob-download-log.ts';

/** Eight hours: a blob download still `started` after this was lost with its worker. */
export const BLOB_SYNC_TIMEOUT_SECONDS = 8 * 60 * 60;

/** The lease one registry's download holds (see `Replicator.syncLeaseKey`). */
export function blobDownloadLeaseKey(replicableName: string, modelRecordId: number): string {
  return `geo/blob_download:${replicableName}:${modelRecordId}`;
}

export class FileNotChecksummableError extends Error {
  override readonly name = 'FileNotChecksummableError';
  constructor(
    readonly replicable: string,
    readonly id: number,
    readonly path: string | null,
  ) {
    super(
      path === null
        ? `File is not checksummable - ${replicable} ${id} has no file attached.`
        : `File is not checksummable - file does not exist at: ${path}`,
    );
  }
}

/**
 * What one download attempt did. The registry already reflects it; the result is for the caller
 * (a worker's log line, a test).
 */
export type BlobDownloadResult =
  | { readonly kind: 'synced'; readonly bytes: number; readonly checksum: string }
  /** A brand-new registry whose file was already in place: synced without a transfer. */
  | { readonly kind: 'already-present' }
  | {
      readonly kind: 'failed';
      /** The registry's `last_sync_failure`, before the error detail is appended. */
      readonly reason: string;
      readonly missingOnPrimary: boolean;
      /** What an administrator needs to see in a log: status code, URL, both checksums, the error. */
      readonly details: Readonly<Record<string, string | number>>;
    }
  /** Downloaded, but the registry was marked for resync meanwhile: that mark stands. */
  | { readonly kind: 'reset-mid-sync'; readonly state: ReplicationStateName }
  /** Nothing was attempted and the registry was not touched. */
  | { readonly kind: 'skipped'; readonly reason: 'already-running' | 'not-secondary' };

/** How a secondary fetches a blob from the primary (issue: transfer between sites). */
export interface BlobDownloader {
  download(replicator: BlobReplicator): Promise<BlobDownloadResult>;
}

/** A blob replicator class: `strategy` says so, and its model's records each own one file. */
export interface BlobReplicatorClass extends ReplicatorClassBase<BlobReplicator> {
  readonly strategy: 'blob';
  readonly model: BlobModelClass;
}

/**
 * The blob strategy (`Geo::BlobReplicatorStrategy`): one file per record, stored by an uploader.
 * Events: `created` and `deleted` (a blob never changes in place), and `checksum_succeeded` as
 * every verifiable replicator.
 *
 * @example
 * class AvatarReplicator extends BlobReplicator<Avatar> {
 *   static override get model() { return Avatar; }
 *   static override get registryClass() { return AvatarRegistry; }
 *   override uploaderFor(avatar: Avatar) { return avatar.file; }
 * }
 */
export abstract class BlobReplicator<
  M extends ReplicableModel = ReplicableModel,
> extends Replicator<M> {
  static override readonly strategy = 'blob' as const;
  static override readonly syncTimeoutSeconds: number = BLOB_SYNC_TIMEOUT_SECONDS;
  static override readonly events: readonly ReplicatorEvent[] = [
    'created',
    'deleted',
    'checksum_succeeded',
  ];

  /** The uploader that stores this record's file (the `carrierwave_uploader` of the original). */
  abstract uploaderFor(record: M): Uploader;

  override get replicatorClass(): BlobReplicatorClass {
    return this.constructor as BlobReplicatorClass;
  }

  async uploader(): Promise<Uploader> {
    return this.uploaderFor(await this.modelRecord());
  }

  /** The file's path relative to the storage root, as sent between sites. */
  async blobPath(): Promise<string | null> {
    return (await this.uploader()).relativePath;
  }

  /**
   * Whether a secondary may mark `registry` synced without downloading (`ok_to_skip_download?`):
   * a blob never changes, so a file already at its destination (a site restored from a backup, a
   * former primary coming back) is the file, unless verification finds otherwise, in which case
   * the copy fails and is downloaded after all. Only for a brand-new registry, so a copy that was
   * ever replaced, failed or checked is never trusted this way.
   */
  async okToSkipDownload(registry: Registry): Promise<boolean> {
    if (!registry.brandNewPending || registry.state !== 'pending') return false;
    if (!(await this.replicatorClass.replicationEnabled(this.site))) return false;
    try {
      return await this.resourceExists();
    } catch (error) {
      // Deleted on the primary meanwhile: nothing to keep; its `deleted` event cleans up.
      if (error instanceof RecordNotFoundError) return false;
      throw error;
    }
  }

  /** Whether this site has the record's file. */
  async resourceExists(): Promise<boolean> {
    return (await this.uploader()).exists();
  }

  /** SHA256 (hex) of this site's copy; a clear error when the file does not exist. */
  async calculateChecksum(): Promise<string> {
    const uploader = await this.uploader();
    const path = uploader.path;
    if (path === null || !(await uploader.exists())) {
      throw new FileNotChecksummableError(
        this.replicatorClass.replicableName,
        this.modelRecordId,
        path,
      );
    }
    return sha256File(path);
  }

  async deleteLocalCopy(): Promise<void> {
    await (await this.uploader()).delete();
  }

  get syncLeaseKey(): string {
    return blobDownloadLeaseKey(this.replicableName, this.modelRecordId);
  }

  /** The temporary files a download killed midway left beside the destination. */
  async removeSyncLeftovers(): Promise<number> {
    let destination: string | null;
    try {
      destination = (await this.uploader()).path;
    } catch {
      // The record is gone on the primary: its `deleted` event removes the copy and the registry.
      return 0;
    }
    return destination === null ? 0 : StagedFile.removeLeftovers(destination);
  }

  async deletedParams(): Promise<BlobDeletedPayload> {
    const uploader = await this.uploader();
    return {
      model_record_id: this.modelRecordId,
      uploader_class: uploader.constructor.name,
      blob_path: uploader.relativePath,
    };
  }

  /** Call in the transaction that created the record. */
  async handleAfterCreate(db: MainExecutor): Promise<PublishResult> {
    return this.publish('created', this.eventParams(), db);
  }

  /** Call in the transaction that deletes the record, with the payload taken before the delete. */
  async handleAfterDestroy(payload: BlobDeletedPayload, db: MainExecutor): Promise<PublishResult> {
    return this.publish('deleted', payload, db);
  }

  protected override async consumeEvent(
    event: StrategyEvent,
    payload: EventPayload,
  ): Promise<void> {
    switch (event) {
      case 'created':
        await this.consumeCreated();
        return;
      case 'deleted':
        await this.consumeDeleted(payload as BlobDeletedPayload);
        return;
      case 'updated':
        throw new Error(
          `${this.replicatorClass.name} cannot consume 'updated': blobs are immutable.`,
        );
    }
  }

  /** A new blob on the primary: track it (pending) and download it, if this site should hold it. */
  private async consumeCreated(): Promise<void> {
    const record = await this.replicatorClass.model.findById(this.site, this.modelRecordId);
    // Deleted again before we got here: the `deleted` event will clean up.
    if (!record || !(await record.inReplicablesForCurrentSecondary())) return;
    const registry = await this.registry();
    if (registry.state === 'synced' || registry.state === 'failed') await registry.pending();
    await this.sync();
  }

  /**
   * The blob is gone on the primary: delete this site's copy and its registry. Needs no model
   * row (it was deleted with the event), only the payload's blob path.
   */
  private async consumeDeleted(payload: BlobDeletedPayload): Promise<void> {
    if (payload.blob_path)
      await rm(resolveBlobPath(this.site.storageRoot, payload.blob_path), { force: true });
    await this.replicatorClass.registryClass.deleteForModelIds(this.site, [this.modelRecordId]);
  }

  /** Downloads the blob from the primary (on a secondary with a blob fetcher). */
  async sync(): Promise<SyncOutcome<BlobDownloadResult>> {
    const record = await this.replicatorClass.model.findById(this.site, this.modelRecordId);
    if (record && !(await record.inReplicablesForCurrentSecondary())) return { kind: 'excluded' };
    const downloader = this.site.fetchers.blob;
    if (!downloader) return { kind: 'deferred' };
    return this.countedAttempt(async () => {
      const start = performance.now();
      const result = await downloader.download(this);
      logBlobDownload(this.site.logger, this, result, (performance.now() - start) / 1000);
      return result;
    }, blobSyncSummary);
  }
}

/** A download's outcome for the metrics; the bytes of a completed transfer. */
function blobSyncSummary(
  result: BlobDownloadResult,
): Pick<SyncAttempt, 'outcome' | 'bytes'> | undefined {
  switch (result.kind) {
    case 'synced':
      return { outcome: 'success', bytes: result.bytes };
    case 'already-present':
      return { outcome: 'success', bytes: 0 };
    case 'failed':
      return { outcome: 'failure' };
    case 'reset-mid-sync':
      return { outcome: 'superseded' };
    case 'skipped':
      return undefined;
  }
}
