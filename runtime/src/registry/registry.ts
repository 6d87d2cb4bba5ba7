import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { RegistryTable } from '../db/tracking-database.ts';
import { MisconfiguredClassError } from '../model/errors.ts';
import type { IdRange } from '../model/id-range.ts';
import type { ReplicableModelClass } from '../model/replicable-model.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import {
  DEFAULT_MAX_RETRY_WAIT_SECONDS,
  MISSING_ON_PRIMARY_MAX_RETRY_WAIT_SECONDS,
  nextRetryTime,
} from '../states/backoff.ts';
import { failureMessage } from '../states/failure-message.ts';
import {
  REPLICATION_STATES,
  REPLICATION_TRANSITIONS,
  type ReplicationEvent,
  type ReplicationStateName,
} from '../states/replication-state.ts';
import { assertTransition, InvalidTransitionError, stateName } from '../states/state-machine.ts';
import { VERIFICATION_STATES, type VerificationStateName } from '../states/verification-state.ts';
import { checksumFromBytes } from '../verification/checksum.ts';
import { VerificationTable } from '../verification/verification-table.ts';

/** A registry row, with its model foreign key also under a fixed name. */
export type RegistryRow = Selectable<RegistryTable> & { readonly model_record_id: number };

type RegistryDb = Record<string, RegistryTable>;

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

export type SyncedResult =
  | { readonly kind: 'synced' }
  /** Someone marked the registry for resync while the download ran: it stays as they left it. */
  | { readonly kind: 'reset-mid-sync'; readonly state: ReplicationStateName };

export interface FailedOptions {
  readonly message: string;
  readonly error?: unknown;
  /** The primary has no file for this record: back off for hours, not minutes. */
  readonly missingOnPrimary?: boolean;
}

export type { ChecksumAttemptResult } from '../verification/verify-batch.ts';

/** Sync and verification counts of one registry table (`004` Step 2, secondary side). */
export interface RegistryCounts {
  readonly registryCount: number;
  readonly syncedCount: number;
  readonly failedCount: number;
  readonly verificationTotalCount: number;
  readonly verifiedCount: number;
  readonly verificationFailedCount: number;
}

/**
 * One row of a secondary's tracking database per replicable record (`Geo::BaseRegistry` with
 * `ReplicableRegistry` and `VerifiableRegistry`): its sync state, and its verification state.
 * Every transition is one conditional UPDATE, so concurrent workers cannot both win.
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

  private get label(): string {
    return `${this.registryClass.name} ${this.id}`;
  }

  // ---- class side -------------------------------------------------------------------------------

  static db(site: GeoSite): Kysely<RegistryDb> {
    // Registry tables are named at run time; the columns they share are typed by RegistryTable.
    return site.trackingDb as unknown as Kysely<RegistryDb>;
  }

  static selectRows(this: RegistryClass, site: GeoSite) {
    return Registry.db(site)
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

  /** Inserts pending registries for the ids that have none; returns the ids inserted. */
  static async insertForModelIds(
    this: RegistryClass,
    site: GeoSite,
    modelIds: readonly number[],
  ): Promise<number[]> {
    if (modelIds.length === 0) return [];
    const now = new Date();
    const fk = this.modelForeignKey;
    // The foreign key's name is per registry; the rest of the row is typed.
    const rows = modelIds.map(
      (id) => ({ [fk]: id, created_at: now }) as unknown as Insertable<RegistryTable>,
    );
    const inserted = await Registry.db(site)
      .insertInto(requireRegistryTable(this))
      .values(rows)
      .onConflict((oc) => oc.column(fk as 'id').doNothing())
      .returning(sql<number>`${sql.ref(fk)}`.as('model_record_id'))
      .execute();
    return inserted.map((row) => Number(row.model_record_id));
  }

  /** Deletes the registries of these model ids; returns how many it deleted. */
  static async deleteForModelIds(
    this: RegistryClass,
    site: GeoSite,
    modelIds: readonly number[],
  ): Promise<number> {
    if (modelIds.length === 0) return 0;
    const result = await Registry.db(site)
      .deleteFrom(requireRegistryTable(this))
      .where(sql.ref(this.modelForeignKey), 'in', modelIds)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  static async pluckModelIdsInRange(
    this: RegistryClass,
    site: GeoSite,
    range: IdRange,
  ): Promise<number[]> {
    const fk = sql.ref(this.modelForeignKey);
    const rows = await Registry.db(site)
      .selectFrom(requireRegistryTable(this))
      .select(sql<number>`${fk}`.as('model_record_id'))
      .where(fk, '>=', range.from)
      .where(fk, '<=', range.to)
      .orderBy(fk)
      .execute();
    return rows.map((row) => Number(row.model_record_id));
  }

  /**
   * What the secondary should hold in `range` but does not track yet, and what it tracks but
   * should not hold (the record is gone, or selective sync excludes it).
   */
  static async findRegistryDifferences(
    this: RegistryClass,
    site: GeoSite,
    range: IdRange,
  ): Promise<{ untracked: number[]; unused: number[] }> {
    const source = new Set(await this.modelClass.replicablesForCurrentSecondary(site, range));
    const tracked = new Set(await this.pluckModelIdsInRange(site, range));
    return {
      untracked: [...source].filter((id) => !tracked.has(id)),
      unused: [...tracked].filter((id) => !source.has(id)),
    };
  }

  /** Never-attempted registries, oldest first. Returns model ids. */
  static async pendingModelIds(
    this: RegistryClass,
    site: GeoSite,
    limit: number,
    exceptIds: readonly number[] = [],
  ): Promise<number[]> {
    const query = Registry.modelIdsQuery(this, site, exceptIds)
      .where('state', '=', REPLICATION_STATES.pending)
      .orderBy('id')
      .limit(limit);
    return (await query.execute()).map((row) => Number(row.model_record_id));
  }

  /** Failed registries whose retry time has come, soonest first. Returns model ids. */
  static async needsSyncAgainModelIds(
    this: RegistryClass,
    site: GeoSite,
    limit: number,
    exceptIds: readonly number[] = [],
  ): Promise<number[]> {
    const query = Registry.modelIdsQuery(this, site, exceptIds)
      .where('state', '=', REPLICATION_STATES.failed)
      .where((eb) => eb.or([eb('retry_at', 'is', null), eb('retry_at', '<', new Date())]))
      .orderBy(sql`retry_at ASC NULLS FIRST`)
      .limit(limit);
    return (await query.execute()).map((row) => Number(row.model_record_id));
  }

  /** The model ids of a registry table, leaving out `exceptIds` (those already scheduled). */
  private static modelIdsQuery(
    registry: RegistryClass,
    site: GeoSite,
    exceptIds: readonly number[],
  ) {
    const query = Registry.db(site)
      .selectFrom(requireRegistryTable(registry))
      .select(sql<number>`${sql.ref(registry.modelForeignKey)}`.as('model_record_id'));
    return exceptIds.length > 0
      ? query.where(sql.ref(registry.modelForeignKey), 'not in', exceptIds)
      : query;
  }

  /** Fails every sync `started` longer than `timeoutSeconds` ago; returns how many. */
  static async failSyncTimeouts(
    this: RegistryClass,
    site: GeoSite,
    timeoutSeconds: number,
  ): Promise<number> {
    const result = await Registry.db(site)
      .updateTable(requireRegistryTable(this))
      .set({
        state: REPLICATION_STATES.failed,
        last_sync_failure: `Sync timed out after ${timeoutSeconds}`,
        retry_count: 1,
        retry_at: nextRetryTime(1),
      })
      .where('state', '=', REPLICATION_STATES.started)
      .where('last_synced_at', '<', new Date(Date.now() - timeoutSeconds * 1000))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Verification on this secondary: synced registries only, keyed by model id. */
  static verificationTable(this: RegistryClass, site: GeoSite): VerificationTable {
    return new VerificationTable(site.trackingDb, {
      table: requireRegistryTable(this),
      key: this.modelForeignKey,
      label: this.name,
      verifiableWhere: sql<boolean>`state = ${REPLICATION_STATES.synced}`,
      hasMismatchColumns: true,
      // Whatever failed (a mismatch, a copy that cannot be read, a timeout), the copy is not
      // good: fail the sync too, on the verification's backoff, so it is downloaded again.
      onFailed: (failure) => ({
        state: REPLICATION_STATES.failed,
        retry_count: failure.retryCount,
        retry_at: failure.retryAt,
        last_sync_failure: failureMessage(`Verification failed with: ${failure.message}`),
      }),
    });
  }

  /**
   * disabled → pending for synced registries whose record the primary has checksummed since: the
   * copy can be verified now. `checksum_succeeded` events do this as they arrive; this sweep is
   * for the events this site never read: a secondary that was disabled (or not yet added) while
   * they were published starts at the newest event, and gaps are given up after an hour. It
   * only enables copies waiting for a first checksum; reverification comes from events alone.
   * Returns how many it enabled.
   */
  static async enableReadyVerifications(
    this: RegistryClass,
    site: GeoSite,
    limit = 1000,
  ): Promise<number> {
    const fk = sql.ref(this.modelForeignKey);
    const waiting = await Registry.db(site)
      .selectFrom(requireRegistryTable(this))
      .select(sql<number>`${fk}`.as('model_record_id'))
      .where('state', '=', REPLICATION_STATES.synced)
      .where('verification_state', '=', VERIFICATION_STATES.disabled)
      .orderBy('id')
      .limit(limit)
      .execute();
    if (waiting.length === 0) return 0;
    const { table, key } = this.modelClass.verificationTarget();
    const ready = await (site.mainDb as unknown as Kysely<Record<string, Record<string, number>>>)
      .selectFrom(table)
      .select(sql<number>`${sql.ref(key)}`.as('id'))
      .where(
        sql.ref(key),
        'in',
        waiting.map((row) => Number(row.model_record_id)),
      )
      .where('verification_state', '=', VERIFICATION_STATES.succeeded)
      .execute();
    if (ready.length === 0) return 0;
    const result = await Registry.db(site)
      .updateTable(requireRegistryTable(this))
      .set({ verification_state: VERIFICATION_STATES.pending })
      .where(
        fk,
        'in',
        ready.map((row) => Number(row.id)),
      )
      .where('state', '=', REPLICATION_STATES.synced)
      .where('verification_state', '=', VERIFICATION_STATES.disabled)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  static async counts(this: RegistryClass, site: GeoSite): Promise<RegistryCounts> {
    const { synced, failed } = REPLICATION_STATES;
    const { succeeded, disabled } = VERIFICATION_STATES;
    const failedVerification = VERIFICATION_STATES.failed;
    const row = await Registry.db(site)
      .selectFrom(requireRegistryTable(this))
      .select([
        sql<number>`count(*)`.as('registry'),
        sql<number>`count(*) FILTER (WHERE state = ${synced})`.as('synced'),
        sql<number>`count(*) FILTER (WHERE state = ${failed})`.as('failed'),
        sql<number>`count(*) FILTER (WHERE state = ${synced} AND verification_state <> ${disabled})`.as(
          'total',
        ),
        sql<number>`count(*) FILTER (WHERE state = ${synced} AND verification_state = ${succeeded})`.as(
          'verified',
        ),
        sql<number>`count(*) FILTER (WHERE state = ${synced} AND verification_state = ${failedVerification})`.as(
          'verificationFailed',
        ),
      ])
      .executeTakeFirstOrThrow();
    return {
      registryCount: Number(row.registry),
      syncedCount: Number(row.synced),
      failedCount: Number(row.failed),
      verificationTotalCount: Number(row.total),
      verifiedCount: Number(row.verified),
      verificationFailedCount: Number(row.verificationFailed),
    };
  }

  // ---- replication state machine ------------------------------------------------------------------

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

  /**
   * pending|synced|failed → started. A copy being replaced has nothing to verify, so verification
   * becomes disabled, unless the registry is brand new (nothing recorded yet to disable).
   */
  async start(): Promise<void> {
    await this.transition('start', 'started', (row) => ({
      last_synced_at: new Date(),
      ...(isBrandNewPending(row) ? {} : { verification_state: VERIFICATION_STATES.disabled }),
    }));
  }

  /**
   * Never attempted and never verified (`brand_new_pending?`): pending without a sync time (or
   * started), no failure or retry, verification pending with nothing recorded.
   */
  get brandNewPending(): boolean {
    return isBrandNewPending(this.#row);
  }

  /**
   * started → synced, in one UPDATE that only matches a row still `started`: if the registry was
   * marked for resync meanwhile, that mark wins and the result says so. Verification becomes
   * pending when the primary has a checksum to compare with, else disabled.
   */
  async synced(): Promise<SyncedResult> {
    const primaryChecksum = await this.registryClass.modelClass.primaryChecksum(
      this.site,
      this.modelRecordId,
    );
    const result = await Registry.db(this.site)
      .updateTable(requireRegistryTable(this.registryClass))
      .set({
        state: REPLICATION_STATES.synced,
        retry_count: 0,
        retry_at: null,
        last_sync_failure: null,
        verification_state: primaryChecksum
          ? VERIFICATION_STATES.pending
          : VERIFICATION_STATES.disabled,
        verification_failure: null,
        verification_checksum: null,
        verification_retry_count: 0,
        verification_retry_at: null,
        checksum_mismatch: false,
        verification_checksum_mismatched: null,
      })
      .where('id', '=', this.id)
      .where('state', '=', REPLICATION_STATES.started)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) {
      // Reset to pending mid-sync: the download itself worked, so the failure and retry fields of
      // earlier attempts no longer apply; the pending mark stands.
      await Registry.db(this.site)
        .updateTable(requireRegistryTable(this.registryClass))
        .set({ retry_count: 0, retry_at: null, last_sync_failure: null })
        .where('id', '=', this.id)
        .where('state', '=', REPLICATION_STATES.pending)
        .execute();
    }
    await this.reload();
    return result.numUpdatedRows > 0n
      ? { kind: 'synced' }
      : { kind: 'reset-mid-sync', state: this.state };
  }

  /** any → failed, with the reason and the time of the next attempt. */
  async failed(options: FailedOptions): Promise<void> {
    await this.transition('failed', 'failed', (row) => {
      const retryCount = row.retry_count + 1;
      return {
        last_sync_failure: failureMessage(options.message, options.error),
        retry_count: retryCount,
        retry_at: nextRetryTime(retryCount, {
          maxWaitSeconds: options.missingOnPrimary
            ? MISSING_ON_PRIMARY_MAX_RETRY_WAIT_SECONDS
            : DEFAULT_MAX_RETRY_WAIT_SECONDS,
        }),
      };
    });
  }

  /** any → pending: sync again from scratch. Verification waits for the new copy (disabled). */
  async pending(): Promise<void> {
    await this.transition('pending', 'pending', () => ({
      retry_count: 0,
      retry_at: null,
      verification_state: VERIFICATION_STATES.disabled,
    }));
  }

  /** synced|failed → pending: an administrator's "resync". */
  async resync(): Promise<void> {
    await this.transition('resync', 'pending', () => ({
      retry_count: 0,
      retry_at: null,
      verification_state: VERIFICATION_STATES.disabled,
    }));
  }

  private async transition(
    event: ReplicationEvent,
    to: ReplicationStateName,
    changes: (current: RegistryRow) => Updateable<RegistryTable>,
  ): Promise<void> {
    await this.reload();
    const from = this.state;
    assertTransition(REPLICATION_TRANSITIONS, this.label, from, event);
    const result = await Registry.db(this.site)
      .updateTable(requireRegistryTable(this.registryClass))
      .set({ ...changes(this.#row), state: REPLICATION_STATES[to] })
      .where('id', '=', this.id)
      .where('state', '=', REPLICATION_STATES[from])
      .executeTakeFirst();
    await this.reload();
    if (result.numUpdatedRows === 0n) {
      // Another worker moved the row between our read and our write.
      const allowed = REPLICATION_TRANSITIONS[event];
      throw new InvalidTransitionError(
        this.label,
        this.state,
        event,
        allowed === '*' ? [from] : allowed,
      );
    }
  }

  // ---- verification -------------------------------------------------------------------------------

  /** Mark for reverify (and the primary's `checksum_succeeded`): the copy will be checksummed again. */
  async verificationPending(): Promise<void> {
    await this.registryClass.verificationTable(this.site).pending(this.modelRecordId);
    await this.reload();
  }
}

function isBrandNewPending(row: RegistryRow): boolean {
  const neverAttempted =
    (row.state === REPLICATION_STATES.pending && row.last_synced_at === null) ||
    row.state === REPLICATION_STATES.started;
  return (
    neverAttempted &&
    row.retry_at === null &&
    !row.last_sync_failure &&
    row.retry_count === 0 &&
    row.verification_state === VERIFICATION_STATES.pending &&
    row.verification_checksum === null &&
    row.verification_checksum_mismatched === null &&
    !row.verification_failure &&
    row.verification_retry_count === 0 &&
    row.verification_retry_at === null &&
    row.verified_at === null &&
    row.verification_started_at === null &&
    !row.checksum_mismatch
  );
}

export function requireRegistryTable(registry: {
  readonly name: string;
  readonly tableName: string;
}): string {
  if (!registry.tableName) {
    throw new MisconfiguredClassError(
      registry.name,
      'tableName',
      "Add `static override readonly tableName = '…'`.",
    );
  }
  return registry.tableName;
}
