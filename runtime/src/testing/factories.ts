import { Factory, type DeepPartial } from 'fishery';
import type { Insertable, Selectable } from 'kysely';
import type { NamespaceTable, ProjectTable } from '../db/main-database.ts';
import type { BlobModel, BlobModelClass, NewBlobAttributes } from '../model/blob-model.ts';
import type { ReplicableModel, ReplicableModelClass } from '../model/replicable-model.ts';
import type {
  NewRepositoryAttributes,
  RepositoryModel,
  RepositoryModelClass,
} from '../model/repository-model.ts';
import { Registry, type RegistryClass } from '../registry/registry.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { VERIFICATION_STATES } from '../states/verification-state.ts';
import { checksumToBytes } from '../verification/checksum.ts';

/** Factories persist through a site, given as a transient param: `factory.transient({ site })`. */
export interface SiteParams {
  readonly site?: GeoSite;
}

export function requireSite(params: SiteParams, factory: string): GeoSite {
  if (!params.site) throw new Error(`${factory}.create() needs a site: use .transient({ site }).`);
  return params.site;
}

export const namespaceFactory = Factory.define<
  Insertable<NamespaceTable>,
  SiteParams,
  Selectable<NamespaceTable>
>(({ sequence, transientParams, onCreate }) => {
  onCreate((attributes) =>
    requireSite(transientParams, 'namespaceFactory')
      .mainDb.insertInto('namespaces')
      .values(attributes)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return { name: `Group ${sequence}`, path: `group-${sequence}`, parent_id: null };
});

/** A project; without `namespace_id` it gets a namespace of its own. */
export const projectFactory = Factory.define<
  Partial<Insertable<ProjectTable>>,
  SiteParams,
  Selectable<ProjectTable>
>(({ sequence, transientParams, onCreate }) => {
  onCreate(async (attributes) => {
    const site = requireSite(transientParams, 'projectFactory');
    const namespaceId =
      attributes.namespace_id ?? (await namespaceFactory.transient({ site }).create()).id;
    return site.mainDb
      .insertInto('projects')
      .values({ name: `Project ${sequence}`, ...attributes, namespace_id: namespaceId })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return { name: `Project ${sequence}` };
});

/** The verification columns a model factory's traits may set on the primary. */
export interface VerificationAttributes {
  readonly verification_state?: number;
  readonly verification_checksum?: string | null;
  readonly verification_failure?: string | null;
}

/** What a blob model factory builds: the record's columns, its file, and verification columns. */
export type BlobFactoryAttributes<M extends BlobModel> = NewBlobAttributes<M['row']> &
  VerificationAttributes & { readonly fileContent?: string; readonly fileName?: string };

/** What a repository model factory builds: the record's columns and verification columns. */
export type RepositoryFactoryAttributes<M extends RepositoryModel> = NewRepositoryAttributes<
  M['row']
> &
  VerificationAttributes;

/**
 * A factory of model records with the verification traits of `004`, whatever the strategy.
 * Subclass per model only to add model-specific traits; `defineBlobModelFactory` and
 * `defineRepositoryModelFactory` cover the usual cases.
 */
export class ReplicableModelFactory<
  M extends ReplicableModel,
  Attributes extends VerificationAttributes,
> extends Factory<Attributes, SiteParams, M> {
  verificationSucceeded() {
    return this.params({
      verification_checksum: 'abc0',
      verification_state: VERIFICATION_STATES.succeeded,
    } as DeepPartial<Attributes>);
  }

  verificationFailed() {
    return this.params({
      verification_failure: 'Could not calculate the checksum',
      verification_state: VERIFICATION_STATES.failed,
    } as DeepPartial<Attributes>);
  }
}

export class BlobModelFactory<M extends BlobModel> extends ReplicableModelFactory<
  M,
  BlobFactoryAttributes<M>
> {}

export class RepositoryModelFactory<M extends RepositoryModel> extends ReplicableModelFactory<
  M,
  RepositoryFactoryAttributes<M>
> {}

/** How a model factory fills in a record's own columns. */
export interface ModelFactoryDefinition<Attributes> {
  /** Defaults for the model's own columns (what `004` calls the factory's attributes). */
  readonly attributes: (sequence: number) => Partial<Attributes>;
  /** Creates what the record refers to when the test did not give it (a project, say). */
  readonly complete: (site: GeoSite, attributes: Partial<Attributes>) => Promise<Attributes>;
}

export type BlobModelFactoryDefinition<M extends BlobModel> = ModelFactoryDefinition<
  NewBlobAttributes<M['row']>
>;
export type RepositoryModelFactoryDefinition<M extends RepositoryModel> = ModelFactoryDefinition<
  NewRepositoryAttributes<M['row']>
>;

/** Applies a factory's verification traits to a record just created on the primary. */
async function withVerification<M extends ReplicableModel>(
  site: GeoSite,
  model: ReplicableModelClass<M>,
  record: M,
  { verification_state, verification_checksum, verification_failure }: VerificationAttributes,
): Promise<M> {
  if (verification_state === undefined) return record;
  const { table, key } = model.verificationTarget();
  await site.mainDb
    .withTables<Record<string, Record<string, unknown>>>()
    .updateTable(table)
    .set({
      verification_state,
      verification_checksum: verification_checksum ? checksumToBytes(verification_checksum) : null,
      verification_failure: verification_failure ?? null,
    })
    .where(key, '=', record.id)
    .execute();
  return model.find(site, record.id);
}

/**
 * Defines a factory for a blob model: it stores a file for each record and applies the
 * verification traits on the primary.
 */
export function defineBlobModelFactory<M extends BlobModel>(
  model: BlobModelClass<M>,
  definition: BlobModelFactoryDefinition<M>,
): BlobModelFactory<M> {
  return new BlobModelFactory<M>(({ sequence, transientParams, onCreate }) => {
    onCreate(async (built) => {
      const site = requireSite(transientParams, `${model.name} factory`);
      const {
        fileContent = `${model.name} ${sequence}\n`,
        fileName = `file-${sequence}.bin`,
        verification_state,
        verification_checksum,
        verification_failure,
        ...columns
      } = built;
      const attributes = await definition.complete(
        site,
        columns as unknown as NewBlobAttributes<M['row']>,
      );
      const record = await model.create(site, attributes, { name: fileName, content: fileContent });
      return withVerification(site, model, record, {
        verification_state,
        verification_checksum,
        verification_failure,
      });
    });
    return definition.attributes(sequence) as BlobFactoryAttributes<M>;
  });
}

/**
 * Defines a factory for a repository model: each record gets an empty bare repository on the
 * primary (push commits into `record.gitDir` to give it refs), and the verification traits.
 */
export function defineRepositoryModelFactory<M extends RepositoryModel>(
  model: RepositoryModelClass<M>,
  definition: RepositoryModelFactoryDefinition<M>,
): RepositoryModelFactory<M> {
  return new RepositoryModelFactory<M>(({ sequence, transientParams, onCreate }) => {
    onCreate(async (built) => {
      const site = requireSite(transientParams, `${model.name} factory`);
      const { verification_state, verification_checksum, verification_failure, ...columns } = built;
      const attributes = await definition.complete(
        site,
        columns as unknown as NewRepositoryAttributes<M['row']>,
      );
      const record = await model.create(site, attributes);
      return withVerification(site, model, record, {
        verification_state,
        verification_checksum,
        verification_failure,
      });
    });
    return definition.attributes(sequence) as RepositoryFactoryAttributes<M>;
  });
}

/** What a registry factory builds: the registry's columns, keyed by the model's id. */
export interface RegistryFactoryAttributes {
  readonly model_record_id?: number;
  /** When the secondary started tracking the record (default: now); dates the oldest unsynced one. */
  readonly created_at?: Date;
  readonly state?: number;
  readonly last_synced_at?: Date | null;
  readonly retry_count?: number;
  readonly last_sync_failure?: string | null;
  readonly verification_state?: number;
  readonly verification_checksum?: string | null;
  readonly verified_at?: Date | null;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);

/** A registry factory with the traits of `004`: synced, failed, started, verificationSucceeded. */
export class RegistryFactory<R extends Registry> extends Factory<
  RegistryFactoryAttributes,
  SiteParams,
  R
> {
  synced() {
    return this.params({ state: REPLICATION_STATES.synced, last_synced_at: daysAgo(5) });
  }

  failed() {
    return this.params({
      state: REPLICATION_STATES.failed,
      last_synced_at: daysAgo(1),
      retry_count: 2,
      last_sync_failure: 'Random error',
    });
  }

  started() {
    return this.params({
      state: REPLICATION_STATES.started,
      last_synced_at: daysAgo(1),
      retry_count: 0,
    });
  }

  verificationSucceeded() {
    return this.params({
      verification_checksum: 'e079a831cab27bcda7d81cd9b48296d0c3dd92ef',
      verification_state: VERIFICATION_STATES.succeeded,
      verified_at: daysAgo(5),
    });
  }
}

/** Defines the registry factory of one registry class. Without `model_record_id`, a sequence number is used. */
export function defineRegistryFactory<R extends Registry>(
  registryClass: RegistryClass<R>,
): RegistryFactory<R> {
  return new RegistryFactory<R>(({ sequence, transientParams, onCreate }) => {
    onCreate(async ({ model_record_id = sequence, verification_checksum, ...columns }) => {
      const site = requireSite(transientParams, `${registryClass.name} factory`);
      const registry = await registryClass.findOrCreate(site, model_record_id);
      await Registry.db(site)
        .updateTable(registryClass.tableName)
        .set({
          ...columns,
          ...(verification_checksum !== undefined && {
            verification_checksum: verification_checksum
              ? checksumToBytes(verification_checksum)
              : null,
          }),
        })
        .where('id', '=', registry.id)
        .execute();
      return registry.reload();
    });
    return { state: REPLICATION_STATES.pending };
  });
}
