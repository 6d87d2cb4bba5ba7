import { sql, type Kysely } from 'kysely';
import type { RegistryTable } from '../db/tracking-database.ts';
import { MisconfiguredClassError } from '../model/errors.ts';
import type { IdRange } from '../model/id-range.ts';
import type { ReplicableModelClass } from '../model/replicable-model.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { REPLICATION_STATES, type ReplicationStateName } from '../states/replication-state.ts';
import { stateName } from '../states/state-machine.ts';
import { VERIFICATION_STATES, type VerificationStateName } from '../states/verification-state.ts';
import { checksumFromBytes } from '../verification/checksum.ts';
import type { VerificationTable } from '../verification/verification-table.ts';
import { registryCounts, type RegistryCounts } from './registry-counts.ts';
import {
  deleteForModelIds,
  failSyncTimeouts,
  findRegistryDifferences,
  insertForModelIds,
  needsSyncAgainModelIds,
  pendingModelIds,
  pluckModelIdsInRange,
} from './registry-queries.ts';
import {
  registryDb,
  requireRegistryTable,
  type RegistryDb,
  type RegistryRow,
} from './registry-table.ts';
import { enableReadyVerifications, registryVerificationTable } from './registry-verification.ts';
import {
  isBrandNewPending,
  markFailed,
  markPending,
  markSynced,
  startSync,
  type FailedOptions,
  type SyncedResult,
} from './replication-transitions.ts';

export type { ChecksumAttemptResult } from '../verification/verify-batch.ts';
export type { RegistryCounts } from './registry-counts.ts';
export { requireRegistryTable, type RegistryRow } from './registry-table.ts';
export type { FailedOptions, SyncedResult } from './replication-transitions.ts';

/** The static side of a registry, as the framework uses it. */
export interface RegistryClass<R extends Registry = Registry> {
  new (site: GeoSite, row: RegistryRow): R;
  readonly name: string;
  readonly tableName: string;
  readonly modelForeignKey: string;
  readonly modelClass: ReplicableModelClass;
  db(site: GeoSite): Kysely<Record<string, RegistryTable>>;
  findOrCreate(site: GeoSite, modelId: number): Promise<R>;
  findByModelId(site: GeoSite, modelId: number): Promise<R | undefined>;
  findById(site: GeoSite, id: number): Promise<R | undefined>;
  selectRows(site: GeoSite): ReturnType<typeof Registry.selectRows>;
  insertForModelIds(site: GeoSite, modelIds: readonly number[]): Promise<number[]>;
  deleteForModelIds(site: GeoSite, modelIds: readonly number[]): Promise<number>;
  pluckModelIdsInRange(site: GeoSite, range: IdRange): Promise<number[]>;
  findRegistryDifferences(
    site: GeoSite,
    range: IdRange,
  ): Promise<{ untracked: number[]; unused: number[] }>;
  pendingModelIds(site: GeoSite, limit: number, exceptIds?: readonly number[]): Promise<number[]>;
  needsSyncAgainModelIds(
    site: GeoSite,
    limit: number,
    exceptIds?: readonly number[],
  ): Promise<number[]>;
  failSyncTimeouts(site: GeoSite, timeoutSeconds: number): Promise<number>;
  verificationTable(site: GeoSite): VerificationTable;
  counts(site: GeoSite): Promise<RegistryCounts>;
  enableReadyVerifications(site: GeoSite, limit?: number): Promise<number>;
}

/**
 * One row of a secondary's tracking database per replicable record (`Geo::BaseRegistry` with
 * `ReplicableRegistry` and `VerifiableRegistry`): its sync state, and its verification state.
 * The class side finds rows and runs the batch queries (`registry-queries.ts`); an instance moves
 * through the replication state machine (`replication-transitions.ts`).
 */
export abstract class Registry {
  declare static readonly tableName: string;
  declare static readonly modelForeignKey: string;

  static get modelClass(): ReplicableModelClass {
    throw new MisconfiguredClassError(
      this.name,
      'modelClass',
      'Add `static override get modelClass()`.',
    );
  }

  #row: RegistryRow;

  constructor(
    readonly site: GeoSite,
    row: RegistryRow,
  ) {
    this.#row = row;
  }

  get row(): RegistryRow {
    return this.#row;
  }

  get id(): number {
    return this.#row.id;
  }

  get modelRecordId(): number {
    return this.#row.model_record_id;
  }

  get registryClass(): RegistryClass {
    return this.constructor as RegistryClass;
  }

  get state(): ReplicationStateName {
    return stateName(REPLICATION_STATES, this.#row.state, this.label);
  }

  get verificationState(): VerificationStateName {
    return stateName(VERIFICATION_STATES, this.#row.verification_state, this.label);
  }

  get verificationChecksum(): string | null {
    return checksumFromBytes(this.#row.verification_checksum);
  }

  /** Names this registry in errors, e.g. `PackageFileRegistry 7`. */
  get label(): string {
    return `${this.registryClass.name} ${this.id}`;
  }

  // ---- class side: finds ------------------------------------------------------------------------

  static db(site: GeoSite): Kysely<RegistryDb> {
    return registryDb(site);
  }

  static selectRows(this: RegistryClass, site: GeoSite) {
    return registryDb(site)
      .selectFrom(requireRegistryTable(this))
      .selectAll()
      .select(sql<number>`${sql.ref(this.modelForeignKey)}`.as('model_record_id'));
  }

  static async findByModelId<R extends Registry>(
    this: RegistryClass<R>,
    site: GeoSite,
    modelId: number,
  ): Promise<R | undefined> {
    const row = await this.selectRows(site)
      .where(sql.ref(this.modelForeignKey), '=', modelId)
      .executeTakeFirst();
    return row && new this(site, row as RegistryRow);
  }

  static async findOrCreate<R extends Registry>(
    this: RegistryClass<R>,
    site: GeoSite,
    modelId: number,
  ): Promise<R> {
    await this.insertForModelIds(site, [modelId]);
    const registry = await this.findByModelId(site, modelId);
    if (!registry)
      throw new Error(`${this.name} for model id ${modelId} vanished right after its insert.`);
    return registry;
  }

  static async findById<R extends Registry>(
    this: RegistryClass<R>,
    site: GeoSite,
    id: number,
  ): Promise<R | undefined> {
    const row = await this.selectRows(site).where('id', '=', id).executeTakeFirst();
    return row && new this(site, row as RegistryRow);
  }

  // ---- class side: batch queries (`registry-queries.ts`) ----------------------------------------

  /** Inserts pending registries for the ids that have none; returns the ids inserted. */
  static insertForModelIds(this: RegistryClass, site: GeoSite, modelIds: readonly number[]) {
    return insertForModelIds(this, site, modelIds);
  }

  /** Deletes the registries of these model ids; returns how many it deleted. */
  static deleteForModelIds(this: RegistryClass, site: GeoSite, modelIds: readonly number[]) {
    return deleteForModelIds(this, site, modelIds);
  }

  static pluckModelIdsInRange(this: RegistryClass, site: GeoSite, range: IdRange) {
    return pluckModelIdsInRange(this, site, range);
  }

  /** What this secondary should track in `range` but does not, and what it should no longer. */
  static findRegistryDifferences(this: RegistryClass, site: GeoSite, range: IdRange) {
    return findRegistryDifferences(this, site, range);
  }

  /** Never-attempted registries, oldest first. Returns model ids. */
  static pendingModelIds(
    this: RegistryClass,
    site: GeoSite,
    limit: number,
    exceptIds: readonly number[] = [],
  ) {
    return pendingModelIds(this, site, limit, exceptIds);
  }

  /** Failed registries whose retry time has come, soonest first. Returns model ids. */
  static needsSyncAgainModelIds(
    this: RegistryClass,
    site: GeoSite,
    limit: number,
    exceptIds: readonly number[] = [],
  ) {
    return needsSyncAgainModelIds(this, site, limit, exceptIds);
  }

  /** Fails every sync `started` longer than `timeoutSeconds` ago; returns how many. */
  static failSyncTimeouts(this: RegistryClass, site: GeoSite, timeoutSeconds: number) {
    return failSyncTimeouts(this, site, timeoutSeconds);
  }

  /** Verification on this secondary: synced registries only, keyed by model id. */
  static verificationTable(this: RegistryClass, site: GeoSite): VerificationTable {
    return registryVerificationTable(this, site);
  }

  /** disabled → pending for copies the primary has checksummed since; returns how many. */
  static enableReadyVerifications(this: RegistryClass, site: GeoSite, limit = 1000) {
    return enableReadyVerifications(this, site, limit);
  }

  static counts(this: RegistryClass, site: GeoSite): Promise<RegistryCounts> {
    return registryCounts(this, site);
  }

  // ---- replication state machine (`replication-transitions.ts`) ---------------------------------

  /** Re-reads the row. */
  async reload(): Promise<this> {
    const row = await this.registryClass
      .selectRows(this.site)
      .where('id', '=', this.id)
      .executeTakeFirst();
    if (!row) throw new Error(`${this.label} was deleted.`);
    this.#row = row as RegistryRow;
    return this;
  }

  /** pending|synced|failed → started; verification disabled unless the registry is brand new. */
  start(): Promise<void> {
    return startSync(this);
  }

  /** Never attempted and never verified (`brand_new_pending?`). */
  get brandNewPending(): boolean {
    return isBrandNewPending(this.#row);
  }

  /** started → synced, unless the registry was marked for resync meanwhile (that mark wins). */
  synced(): Promise<SyncedResult> {
    return markSynced(this);
  }

  /** any → failed, with the reason and the time of the next attempt. */
  failed(options: FailedOptions): Promise<void> {
    return markFailed(this, options);
  }

  /** any → pending: sync again from scratch. Verification waits for the new copy (disabled). */
  pending(): Promise<void> {
    return markPending(this, 'pending');
  }

  /** synced|failed → pending: an administrator's "resync". */
  resync(): Promise<void> {
    return markPending(this, 'resync');
  }

  // ---- verification -------------------------------------------------------------------------------

  /** Mark for reverify (and the primary's `checksum_succeeded`): the copy will be checksummed again. */
  async verificationPending(): Promise<void> {
    await this.registryClass.verificationTable(this.site).pending(this.modelRecordId);
    await this.reload();
  }
}
