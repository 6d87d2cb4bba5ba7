import { snakeCase } from 'change-case';
import pluralize from 'pluralize';
import type { ReplicableModel, ReplicableModelClass } from '../model/replicable-model.ts';
import { MisconfiguredClassError } from '../model/errors.ts';
import type { Registry, RegistryClass } from '../registry/registry.ts';
import { VERIFICATION_BATCH_SIZE } from '../verification/verification-columns.ts';
import { VerificationTable } from '../verification/verification-table.ts';
import { verifyClaimedBatch, type ChecksumAttemptResult } from '../verification/verify-batch.ts';
import { publishSkipReason, type PublishResult } from './publish-skip.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { secondsSince, type SyncAttempt } from '../status/activity-metrics.ts';
import {
  CHECKSUM_SUCCEEDED,
  UnsupportedEventError,
  writeEvent,
  writeEvents,
  type EventPayload,
  type MainExecutor,
  type ReplicatorEvent,
  type StrategyEvent,
} from './events.ts';
import type {
  ReplicatorClass,
  ReplicatorTarget,
  Strategy,
  SyncOutcome,
} from './replicator-class.ts';

// The static side lives in its own module; re-exported, so importers of the class find it here.
export { STRATEGIES } from './replicator-class.ts';
export type { PublishResult, PublishSkipReason } from './publish-skip.ts';
export type {
  ReplicatorClass,
  ReplicatorClassBase,
  ReplicatorTarget,
  Strategy,
  SyncOutcome,
} from './replicator-class.ts';

/**
 * Knows how to replicate one replicable (`Gitlab::Geo::Replicator`): it publishes events on the
 * primary and consumes them on secondaries. Naming follows the class name:
 * `PackageFileReplicator` → `package_file`, flag `geo_package_file_replication`.
 */
export abstract class Replicator<M extends ReplicableModel = ReplicableModel> {
  declare static readonly strategy: Strategy;
  declare static readonly events: readonly ReplicatorEvent[];
  /** Set by each strategy: how long its sync may stay `started` before the sweep fails it. */
  declare static readonly syncTimeoutSeconds: number;
  /** Replication is on unless the flag says otherwise; a type still being built overrides this with false. */
  static readonly replicationEnabledByDefault: boolean = true;

  static get model(): ReplicableModelClass {
    throw new MisconfiguredClassError(this.name, 'model', 'Add `static override get model()`.');
  }

  static get registryClass(): RegistryClass {
    throw new MisconfiguredClassError(
      this.name,
      'registryClass',
      'Add `static override get registryClass()`.',
    );
  }

  static get replicableName(): string {
    return snakeCase(this.name.replace(/Replicator$/, ''));
  }

  static get replicableNamePlural(): string {
    return pluralize(this.replicableName);
  }

  static get replicableTitle(): string {
    return titleize(this.replicableName);
  }

  static get replicableTitlePlural(): string {
    return titleize(this.replicableNamePlural);
  }

  static get replicationFeatureFlag(): string {
    return `geo_${this.replicableName}_replication`;
  }

  /** Whether the flag `geo_<name>_replication` is on; pass `db` when inside a transaction. */
  static async replicationEnabled(site: GeoSite, db: MainExecutor = site.mainDb): Promise<boolean> {
    return site
      .flagsWith(db)
      .isEnabled(this.replicationFeatureFlag, this.replicationEnabledByDefault);
  }

  /** Verification follows replication: when replication is off, nothing is checksummed either. */
  static async verificationEnabled(site: GeoSite): Promise<boolean> {
    return this.replicationEnabled(site);
  }

  static eventSupported(this: ReplicatorClass, event: string): event is ReplicatorEvent {
    return (this.events as readonly string[]).includes(event);
  }

  readonly modelRecordId: number;
  #modelRecord: Promise<M> | undefined;

  constructor(
    readonly site: GeoSite,
    target: ReplicatorTarget<M>,
  ) {
    if ('modelRecord' in target) {
      this.modelRecordId = target.modelRecord.id;
      this.#modelRecord = Promise.resolve(target.modelRecord);
    } else {
      this.modelRecordId = target.modelRecordId;
    }
  }

  get replicatorClass(): ReplicatorClass {
    return this.constructor as ReplicatorClass;
  }

  get replicableName(): string {
    return this.replicatorClass.replicableName;
  }

  /** The model record, loaded by id once (throws RecordNotFoundError when it is gone). */
  modelRecord(): Promise<M> {
    // Any strategy's model class, seen as the base one: its `find` returns the record as `M`.
    const model: ReplicableModelClass = this.replicatorClass.model;
    this.#modelRecord ??= model.find(this.site, this.modelRecordId) as Promise<M>;
    return this.#modelRecord;
  }

  /** This record's registry on the current secondary, created pending when missing. */
  async registry(): Promise<Registry> {
    return this.replicatorClass.registryClass.findOrCreate(this.site, this.modelRecordId);
  }

  /**
   * Records an event for secondaries: a `geo_events` row and its `geo_event_log` row, written with
   * `db` (pass the transaction of the model change, so both commit or neither does). Only a primary
   * with at least one secondary writes events, and only while replication is enabled.
   */
  async publish(
    event: string,
    payload: EventPayload,
    db: MainExecutor = this.site.mainDb,
  ): Promise<PublishResult> {
    const replicator = this.replicatorClass;
    if (!(replicator.events as readonly string[]).includes(event)) {
      throw new UnsupportedEventError(replicator.name, event, replicator.events);
    }
    const skip = await publishSkipReason(this.site, replicator, db);
    if (skip) return { kind: 'skipped', reason: skip };
    const written = await writeEvent(db, {
      replicableName: replicator.replicableName,
      eventName: event,
      payload,
    });
    return { kind: 'published', ...written };
  }

  /**
   * Handles an event on a secondary: `checksum_succeeded` here (every replicator is verifiable),
   * the others by the strategy's consumer.
   */
  async consume(event: string, payload: EventPayload): Promise<void> {
    const replicator = this.replicatorClass;
    if (!(replicator.events as readonly string[]).includes(event)) {
      throw new UnsupportedEventError(replicator.name, event, replicator.events);
    }
    const declared = event as ReplicatorEvent;
    if (declared === CHECKSUM_SUCCEEDED) await this.consumeChecksumSucceeded();
    else await this.consumeEvent(declared, payload);
  }

  protected abstract consumeEvent(event: StrategyEvent, payload: EventPayload): Promise<void>;

  /**
   * The primary checksummed this record (again): check this site's copy again too, so that
   * corruption that happened here since the last check is found. A registry that does not exist
   * is not created (the record is not tracked here), and the primary ignores the event.
   */
  private async consumeChecksumSucceeded(): Promise<void> {
    if (!this.site.isSecondary()) return;
    const registry = await this.replicatorClass.registryClass.findByModelId(
      this.site,
      this.modelRecordId,
    );
    await registry?.verificationPending();
  }

  /** The payload of `created` (and `updated`) events. */
  eventParams(): EventPayload {
    return { model_record_id: this.modelRecordId };
  }

  // ---- what each strategy implements (the compiler asks a new strategy for all of them) --------

  /** Computes this record's checksum from its data on this site. */
  abstract calculateChecksum(): Promise<string>;

  /** Whether this site holds this record's data (a blob's file, a repository). */
  abstract resourceExists(): Promise<boolean>;

  /**
   * On a secondary, fetches this record's data from the primary (with the site's fetcher for the
   * strategy, under `syncLeaseKey`) and records the outcome in its registry.
   */
  abstract sync(): Promise<SyncOutcome>;

  /**
   * Runs one sync attempt of this record and counts it in the site's metrics, as `summary` tells
   * its outcome (undefined: nothing was attempted, nothing is counted).
   */
  protected async countedAttempt<Attempt>(
    attempt: () => Promise<Attempt>,
    summary: (attempt: Attempt) => Pick<SyncAttempt, 'outcome' | 'bytes'> | undefined,
  ): Promise<SyncOutcome<Attempt>> {
    const start = performance.now();
    const result = await attempt();
    const counted = summary(result);
    if (counted)
      this.site.activity.syncAttempted({
        dataType: this.replicableName,
        seconds: secondsSince(start),
        ...counted,
      });
    return { kind: 'attempted', attempt: result };
  }

  /** Removes this site's copy of a record that still exists but is no longer wanted here. */
  abstract deleteLocalCopy(): Promise<void>;

  /**
   * The lease a sync of this record holds from before `started` until after `synced`/`failed`:
   * a `started` registry whose lease nobody holds lost its worker, and the timeout sweep fails it.
   */
  abstract get syncLeaseKey(): string;

  /** Removes what a sync killed midway left on this site (temporary files); returns how many. */
  abstract removeSyncLeftovers(): Promise<number>;

  // ---- verification (`Geo::VerifiableReplicator`) ----------------------------------------------

  /** Where verification state lives on this site: the model's (primary) or the registry's (secondary). */
  static verificationTable(this: ReplicatorClass, site: GeoSite): VerificationTable {
    if (site.isSecondary()) return this.registryClass.verificationTable(site);
    const { table, key } = this.model.verificationTarget();
    return new VerificationTable(site.mainDb, {
      table,
      key,
      label: this.model.name,
      logger: site.logger,
    });
  }

  /**
   * Verifies one batch of up to `limit` records: pending ones first, then failed ones whose retry
   * time has come, checksummed concurrently (see `verifyClaimedBatch`). Returns how many it took.
   */
  static async verifyBatch(
    this: ReplicatorClass,
    site: GeoSite,
    limit = VERIFICATION_BATCH_SIZE,
  ): Promise<number> {
    // One look at the flag (and, on the primary, the secondaries) per batch, not per record.
    const skip = await publishSkipReason(site, this, site.mainDb);
    if (skip === 'replication-disabled') return 0;
    const batch = await this.verificationTable(site).claimBatch(limit);
    if (batch.keys.length === 0) return 0;
    await verifyClaimedBatch(site, this, batch, { publish: skip === undefined });
    return batch.keys.length;
  }

  /**
   * Publishes `checksum_succeeded` for records the primary just checksummed, with `db` (the
   * transaction that recorded the checksums). Returns how many events it wrote. The caller has
   * checked that this site publishes (a primary with secondaries, replication on).
   */
  static async publishChecksumsSucceeded(
    this: ReplicatorClass,
    modelRecordIds: readonly number[],
    db: MainExecutor,
  ): Promise<number> {
    if (modelRecordIds.length === 0) return 0;
    const written = await writeEvents(db, {
      replicableName: this.replicableName,
      eventName: CHECKSUM_SUCCEEDED,
      payloads: modelRecordIds.map((id) => ({ model_record_id: id })),
    });
    return written.length;
  }

  /**
   * Checksums this record on this site now, whatever its verification state. On the primary the
   * checksum is stored for secondaries to compare with (and `checksum_succeeded` published); on a
   * secondary it is compared with the primary's.
   */
  async verify(): Promise<ChecksumAttemptResult> {
    const replicator = this.replicatorClass;
    const publish =
      (await publishSkipReason(this.site, replicator, this.site.mainDb)) === undefined;
    const batch = await replicator.verificationTable(this.site).claimOne(this.modelRecordId);
    if (!batch) return { kind: 'superseded' };
    const [result] = await verifyClaimedBatch(this.site, replicator, batch, { publish });
    return result ?? { kind: 'superseded' };
  }
}

function titleize(snake: string): string {
  return snake
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
