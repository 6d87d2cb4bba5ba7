import { rm } from 'node:fs/promises';
import type { BlobReplicator, BlobReplicatorClass } from '../replicator/blob-replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { UploadContent, Uploader, UploadedFileColumns } from '../uploader/uploader.ts';
import { MisconfiguredClassError } from './errors.ts';
import {
  ReplicableModel,
  requireTable,
  type ModelRow,
  type ReplicableModelClass,
} from './replicable-model.ts';

export type BlobRow = ModelRow & UploadedFileColumns;

// `never` for the record: the framework holds every uploader class through this one type.
export type UploaderConstructor = new (root: string, record: never) => Uploader;

export interface BlobModelClass<M extends BlobModel = BlobModel> extends ReplicableModelClass<M> {
  readonly uploaderClass: UploaderConstructor;
  readonly replicatorClass: BlobReplicatorClass;
  create(
    site: GeoSite,
    attributes: NewBlobAttributes<M['row']>,
    file: { readonly name: string; readonly content: UploadContent },
  ): Promise<M>;
}

/**
 * The attributes a new record is created with: its columns minus those the framework fills in.
 * All optional here; the table's NOT NULL constraints name whatever is missing.
 */
export type NewBlobAttributes<Row extends BlobRow> = Partial<Omit<Row, 'id' | 'file' | 'size'>>;

type BlobDb = Record<string, Record<string, unknown>>;

/**
 * Just what `create` needs of the class it is called on. Deliberately without the generic static
 * methods: TypeScript would infer `M` from them as the base class instead of `PackageFile`.
 */
interface BlobModelConstructor<M extends BlobModel> {
  new (site: GeoSite, row: never): M;
  readonly prototype: M;
  readonly name: string;
  readonly tableName: string;
  readonly verificationStateTable: ReplicableModelClass['verificationStateTable'];
}

/**
 * A replicable model whose record owns one file (`mount_uploader :file`). Creating and destroying
 * records through it writes the Geo event in the same transaction as the row.
 */
export abstract class BlobModel<Row extends BlobRow = BlobRow> extends ReplicableModel<Row> {
  static get uploaderClass(): UploaderConstructor {
    throw new MisconfiguredClassError(
      this.name,
      'uploaderClass',
      'Add `static override get uploaderClass()`.',
    );
  }

  /** This record's blob replicator; `replicator.modelRecord()` returns this very record. */
  override get replicator(): BlobReplicator<this> {
    const model = this.constructor as BlobModelClass;
    return new model.replicatorClass(this.site, {
      modelRecord: this as never,
    }) as BlobReplicator<this>;
  }

  /** The mounted uploader: this record's file on this site. */
  get file(): Uploader<Row> {
    const model = this.constructor as BlobModelClass;
    // The class is typed for any record; it was mounted on this model, so it holds a `Row`.
    return new model.uploaderClass(this.site.storageRoot, this.row as never) as Uploader<Row>;
  }

  /**
   * Inserts the record, stores its file and publishes `created`, all or nothing: if anything
   * fails the row is rolled back and the file removed.
   */
  static async create<M extends BlobModel>(
    this: BlobModelConstructor<M>,
    site: GeoSite,
    attributes: NewBlobAttributes<M['row']>,
    file: { readonly name: string; readonly content: UploadContent },
  ): Promise<M> {
    const table = requireTable(this);
    let stored: Uploader | undefined;
    try {
      return await site.mainDb.transaction().execute(async (trx) => {
        const db = trx.withTables<BlobDb>();
        const inserted = await db
          .insertInto(table)
          .values({ ...attributes, file: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        const pending = new this(site, inserted as never);
        stored = pending.file;
        const { file: fileName, size } = await pending.file.store(file.content, file.name);
        const row = await db
          .updateTable(table)
          .set({ file: fileName, size })
          .where('id', '=', pending.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const state = this.verificationStateTable;
        if (state.kind === 'separate') {
          await db
            .insertInto(state.table)
            .values({ [state.foreignKey]: pending.id })
            .execute();
        }
        const record = new this(site, row as never);
        await record.replicator.handleAfterCreate(trx);
        return record;
      });
    } catch (error) {
      const path = stored?.path;
      if (path) await rm(path, { force: true });
      throw error;
    }
  }

  /** Deletes the record and publishes `deleted` in one transaction, then removes the file. */
  async destroy(): Promise<void> {
    const model = this.constructor as BlobModelClass;
    const replicator = this.replicator;
    const payload = await replicator.deletedParams();
    await this.site.mainDb.transaction().execute(async (trx) => {
      await trx
        .withTables<BlobDb>()
        .deleteFrom(requireTable(model))
        .where('id', '=', this.id)
        .execute();
      await replicator.handleAfterDestroy(payload, trx);
    });
    await this.file.delete();
  }
}
