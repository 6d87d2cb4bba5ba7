import { sql, type Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { Replicator, ReplicatorClass, ReplicatorClassBase } from '../replicator/replicator.ts';
import { checksumFromBytes } from '../verification/checksum.ts';
import type { VerificationStateColumns } from '../verification/verification-columns.ts';
import { MisconfiguredClassError, RecordNotFoundError } from './errors.ts';
import type { IdRange } from './id-range.ts';

export interface ModelRow {
  readonly id: number;
}

/**
 * Where the primary keeps a model's verification state (`004`): columns on the model's own
 * table (option 1), or a `<name>_states` table keyed by the model's id (option 2).
 */
export type VerificationStateTable =
  | { readonly kind: 'inline' }
  | { readonly kind: 'separate'; readonly table: string; readonly foreignKey: string };

/** The static side of a replicable model, as the framework uses it. */
export interface ReplicableModelClass<M extends ReplicableModel = ReplicableModel> {
  // `never`: the framework sees every model through this one interface, whatever its row type.
  new (site: GeoSite, row: never): M;
  readonly name: string;
  readonly tableName: string;
  readonly verificationStateTable: VerificationStateTable;
  readonly replicatorClass: ReplicatorClass;
  replicablesForCurrentSecondary(site: GeoSite, range: IdRange): Promise<number[]>;
  availableReplicableIds(site: GeoSite, range: IdRange): Promise<number[]>;
  findById(site: GeoSite, id: number): Promise<M | undefined>;
  findByIds(site: GeoSite, ids: readonly number[]): Promise<M[]>;
  find(site: GeoSite, id: number): Promise<M>;
  maxId(site: GeoSite): Promise<number>;
  verificationTarget(): { table: string; key: string };
  primaryChecksum(site: GeoSite, id: number): Promise<Uint8Array | null>;
  primaryChecksums(site: GeoSite, ids: readonly number[]): Promise<Map<number, string>>;
}

type ModelDb = Record<string, ModelRow>;

/**
 * Just what the finders need of the class they are called on. Without the generic statics, so that
 * `PackageFile.find(…)` infers `PackageFile` rather than the base class.
 */
export interface ModelConstructor<M extends ReplicableModel> {
  new (site: GeoSite, row: never): M;
  readonly prototype: M;
  readonly name: string;
  readonly tableName: string;
}
type StateDb = Record<string, VerificationStateColumns>;

/**
 * The main database with any table seen as a model table: the framework knows a model's table
 * only by name, at run time (`withTables` only widens the type; queries are unchanged).
 */
export function modelTable(site: GeoSite): Kysely<MainDatabase & ModelDb> {
  return site.mainDb.withTables<ModelDb>();
}

/**
 * A record of the host's main database that Geo replicates (`Gitlab::Geo::ReplicableModel`).
 * Subclasses declare their table and their replicator (`withReplicator`), and decide which
 * records a secondary replicates.
 */
export abstract class ReplicableModel<Row extends ModelRow = ModelRow> {
  declare static readonly tableName: string;
  static readonly verificationStateTable: VerificationStateTable = { kind: 'inline' };

  /** The replicator of this model (`with_replicator`). A getter, so the two modules may import each other. */
  static get replicatorClass(): ReplicatorClass {
    throw new MisconfiguredClassError(
      this.name,
      'replicatorClass',
      'Add `static override get replicatorClass()`.',
    );
  }

  constructor(
    readonly site: GeoSite,
    readonly row: Row,
  ) {}

  get id(): number {
    return this.row.id;
  }

  /** This record's replicator; `replicator.modelRecord()` returns this very record. */
  get replicator(): Replicator<this> {
    const model = this.constructor as ReplicableModelClass<this>;
    // Seen as any strategy's class: what it makes is a `Replicator` of this record's type.
    const replicatorClass: ReplicatorClassBase = model.replicatorClass;
    return new replicatorClass(this.site, { modelRecord: this as never }) as Replicator<this>;
  }

  static async findById<M extends ReplicableModel>(
    this: ModelConstructor<M>,
    site: GeoSite,
    id: number,
  ): Promise<M | undefined> {
    const row = await modelTable(site)
      .selectFrom(requireTable(this))
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && new this(site, row as never);
  }

  /** The records with these ids, in one query; ids without a record are left out. */
  static async findByIds<M extends ReplicableModel>(
    this: ModelConstructor<M>,
    site: GeoSite,
    ids: readonly number[],
  ): Promise<M[]> {
    if (ids.length === 0) return [];
    const rows = await modelTable(site)
      .selectFrom(requireTable(this))
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return rows.map((row) => new this(site, row as never));
  }

  static async find<M extends ReplicableModel>(
    this: ModelConstructor<M>,
    site: GeoSite,
    id: number,
  ): Promise<M> {
    const record = await ReplicableModel.findById.call<
      ModelConstructor<M>,
      [GeoSite, number],
      Promise<M | undefined>
    >(this, site, id);
    if (!record) throw new RecordNotFoundError(this.name, id);
    return record;
  }

  static async maxId(this: ReplicableModelClass, site: GeoSite): Promise<number> {
    const row = await modelTable(site)
      .selectFrom(requireTable(this))
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  /**
   * Every record that can be replicated at all (`available_replicables`), by id within `range`.
   * Override when some records never leave the primary.
   */
  static async availableReplicableIds(
    this: ReplicableModelClass,
    site: GeoSite,
    range: IdRange,
  ): Promise<number[]> {
    const rows = await modelTable(site)
      .selectFrom(requireTable(this))
      .select('id')
      .where('id', '>=', range.from)
      .where('id', '<=', range.to)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * The ids within `range` that the current secondary should hold. Models decide this themselves:
   * it depends on how a record relates to namespaces, shards and object storage.
   */
  static async replicablesForCurrentSecondary(site: GeoSite, range: IdRange): Promise<number[]> {
    void site;
    void range;
    throw new MisconfiguredClassError(
      this.name,
      'replicablesForCurrentSecondary',
      'Implement it to honour selective sync and the object-storage rule (see PackageFile).',
    );
  }

  /** Whether this record is one the current secondary should hold. */
  async inReplicablesForCurrentSecondary(): Promise<boolean> {
    const model = this.constructor as ReplicableModelClass;
    const ids = await model.replicablesForCurrentSecondary(this.site, {
      from: this.id,
      to: this.id,
    });
    return ids.includes(this.id);
  }

  /** The table and key holding this model's verification state on the primary. */
  static verificationTarget(this: ReplicableModelClass): { table: string; key: string } {
    const location = this.verificationStateTable;
    return location.kind === 'inline'
      ? { table: requireTable(this), key: 'id' }
      : { table: location.table, key: location.foreignKey };
  }

  /** The primary's checksum of a record, if it has succeeded verification. */
  static async primaryChecksum(
    this: ReplicableModelClass,
    site: GeoSite,
    id: number,
  ): Promise<Uint8Array | null> {
    const { table, key } = this.verificationTarget();
    const row = await site.mainDb
      .withTables<StateDb>()
      .selectFrom(table)
      .select(['verification_state', 'verification_checksum'])
      .where(sql.ref(key), '=', id)
      .executeTakeFirst();
    // 2 = succeeded: only a finished checksum is one a secondary may compare against.
    return row?.verification_state === 2 ? row.verification_checksum : null;
  }

  /** The primary's checksums (hex) of many records at once; records without one are left out. */
  static async primaryChecksums(
    this: ReplicableModelClass,
    site: GeoSite,
    ids: readonly number[],
  ): Promise<Map<number, string>> {
    const checksums = new Map<number, string>();
    if (ids.length === 0) return checksums;
    const { table, key } = this.verificationTarget();
    const rows = await site.mainDb
      .withTables<StateDb>()
      .selectFrom(table)
      .select([sql<number>`${sql.ref(key)}`.as('key'), 'verification_checksum'])
      .where(sql.ref(key), 'in', [...ids])
      .where('verification_state', '=', 2)
      .where('verification_checksum', 'is not', null)
      .execute();
    for (const row of rows) {
      const hex = checksumFromBytes(row.verification_checksum);
      if (hex) checksums.set(Number(row.key), hex);
    }
    return checksums;
  }
}

export function requireTable(model: { readonly name: string; readonly tableName: string }): string {
  if (!model.tableName) {
    throw new MisconfiguredClassError(
      model.name,
      'tableName',
      "Add `static override readonly tableName = '…'`.",
    );
  }
  return model.tableName;
}
