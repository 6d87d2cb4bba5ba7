import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import { initBareRepository } from '../repository/bare-repository.ts';
import { hashedDiskPath, repositoryGitDir } from '../repository/disk-path.ts';
import type { PublishResult } from '../replicator/publish-skip.ts';
import type {
  RepositoryReplicator,
  RepositoryReplicatorClass,
} from '../replicator/repository-replicator.ts';
import type { MainExecutor } from '../replicator/events.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import {
  ReplicableModel,
  modelTable,
  requireTable,
  type ModelRow,
  type ReplicableModelClass,
} from './replicable-model.ts';

/** The columns that say where a record's repository lives, on every site. */
export interface RepositoryColumns {
  /** The storage (shard) the repository is on: a name each site maps to a directory. */
  readonly repository_storage: string;
  /** The repository's path inside its storage, without `.git`: `<root>/<disk_path>.git`. */
  readonly disk_path: string;
  /** The path users and sites fetch it by: `<site URL>/<full_path>.git`. */
  readonly full_path: string;
}

export type RepositoryRow = ModelRow & RepositoryColumns;

/**
 * What a new record is created with: its columns minus `id`; `disk_path` defaults to the hashed
 * layout and `repository_storage` to the table's default. The table's NOT NULL constraints name
 * whatever else is missing.
 */
export type NewRepositoryAttributes<Row extends RepositoryRow> = Partial<Omit<Row, 'id'>>;

export interface RepositoryModelClass<
  M extends RepositoryModel = RepositoryModel,
> extends ReplicableModelClass<M> {
  readonly replicatorClass: RepositoryReplicatorClass;
  create(site: GeoSite, attributes: NewRepositoryAttributes<M['row']>): Promise<M>;
  findByFullPath(site: GeoSite, fullPath: string): Promise<M | undefined>;
}

type RepositoryDb = Record<string, Record<string, unknown>>;

/** Just what `create` needs of the class it is called on (see `BlobModelConstructor`). */
interface RepositoryModelConstructor<M extends RepositoryModel> {
  new (site: GeoSite, row: never): M;
  readonly prototype: M;
  readonly name: string;
  readonly tableName: string;
  readonly verificationStateTable: ReplicableModelClass['verificationStateTable'];
}

/**
 * A replicable model whose record owns one bare git repository (`Geo::RepositoryReplicatorStrategy`'s
 * models: projects, wikis, snippets, designs). Creating and destroying records through it writes
 * the Geo event in the same transaction as the row; after a push, the host calls `afterPush`.
 */
export abstract class RepositoryModel<
  Row extends RepositoryRow = RepositoryRow,
> extends ReplicableModel<Row> {
  get repositoryStorage(): string {
    return this.row.repository_storage;
  }

  get diskPath(): string {
    return this.row.disk_path;
  }

  get fullPath(): string {
    return this.row.full_path;
  }

  /** This record's bare repository on this site: `<root of its storage>/<disk_path>.git`. */
  get gitDir(): string {
    return repositoryGitDir(this.site.repositoryStorageRoot(this.repositoryStorage), this.diskPath);
  }

  /** This record's repository replicator; `replicator.modelRecord()` returns this very record. */
  override get replicator(): RepositoryReplicator<this> {
    const model = this.constructor as RepositoryModelClass;
    return new model.replicatorClass(this.site, {
      modelRecord: this as never,
    }) as RepositoryReplicator<this>;
  }

  /** The record whose repository users fetch as `<full_path>.git`, if any. */
  static async findByFullPath<M extends RepositoryModel>(
    this: RepositoryModelConstructor<M>,
    site: GeoSite,
    fullPath: string,
  ): Promise<M | undefined> {
    const row = await modelTable(site)
      .selectFrom(requireTable(this))
      .selectAll()
      .where(sql.ref('full_path'), '=', fullPath)
      .executeTakeFirst();
    return row && new this(site, row as never);
  }

  /**
   * Inserts the record, creates its empty bare repository and publishes `created`, all or nothing:
   * if anything fails the row is rolled back and the repository removed. Without a `disk_path`,
   * the repository gets the hashed layout of its table and id.
   */
  static async create<M extends RepositoryModel>(
    this: RepositoryModelConstructor<M>,
    site: GeoSite,
    attributes: NewRepositoryAttributes<M['row']>,
  ): Promise<M> {
    const table = requireTable(this);
    let created: string | undefined;
    try {
      return await site.mainDb.transaction().execute(async (trx) => {
        const db = trx.withTables<RepositoryDb>();
        // The id first: the hashed disk path is made of it.
        const { rows } = await sql<{ id: string | number }>`
          SELECT nextval(pg_get_serial_sequence(${table}, 'id')) AS id`.execute(trx);
        const id = Number(rows[0]?.id);
        const inserted = await db
          .insertInto(table)
          .values({ disk_path: hashedDiskPath(`${table}/${id}`), ...attributes, id })
          .returningAll()
          .executeTakeFirstOrThrow();
        const record = new this(site, inserted as never);
        const state = this.verificationStateTable;
        if (state.kind === 'separate') {
          await db
            .insertInto(state.table)
            .values({ [state.foreignKey]: id })
            .execute();
        }
        await initBareRepository(record.gitDir);
        created = record.gitDir;
        await record.replicator.handleAfterCreate(trx);
        return record;
      });
    } catch (error) {
      if (created) await rm(created, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * The post-receive hook point: call after every push to this record's repository (on the
   * primary), so that secondaries fetch it. Publishes `updated`; pass `db` inside a transaction.
   */
  async afterPush(db?: MainExecutor): Promise<PublishResult> {
    return this.replicator.handleAfterUpdate(db);
  }

  /** Deletes the record and publishes `deleted` in one transaction, then removes the repository. */
  async destroy(): Promise<void> {
    const model = this.constructor as RepositoryModelClass;
    const replicator = this.replicator;
    const payload = await replicator.deletedParams();
    await this.site.mainDb.transaction().execute(async (trx) => {
      await trx
        .withTables<RepositoryDb>()
        .deleteFrom(requireTable(model))
        .where('id', '=', this.id)
        .execute();
      await replicator.handleAfterDestroy(payload, trx);
    });
    await rm(this.gitDir, { recursive: true, force: true });
  }
}
