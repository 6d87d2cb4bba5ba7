import type { Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import { generateAccessKeys } from './access-keys.ts';
import { geoNodeFromRow, type GeoNode, type SelectiveSync } from './geo-node.ts';

export interface NewGeoNode {
  readonly name: string;
  readonly url: string;
  readonly internalUrl?: string;
  readonly primary?: boolean;
  readonly enabled?: boolean;
  readonly selectiveSync?: SelectiveSync;
  readonly syncObjectStorage?: boolean;
  readonly filesMaxCapacity?: number;
  readonly reposMaxCapacity?: number;
  readonly verificationMaxCapacity?: number;
  readonly minimumReverificationInterval?: number;
}

export class GeoNodeNotFoundError extends Error {
  override readonly name = 'GeoNodeNotFoundError';
  constructor(readonly nodeName: string) {
    super(
      `No Geo site named '${nodeName}' in geo_nodes. Add it on the primary ` +
        `(geo-runtime node:add --name ${nodeName} --url …) or fix the site name in the configuration.`,
    );
  }
}

/** The `geo_nodes` table: every site of the deployment, visible to all of them. */
export class GeoNodes {
  constructor(private readonly db: Kysely<MainDatabase>) {}

  async create(input: NewGeoNode): Promise<GeoNode> {
    const keys = generateAccessKeys();
    const selective = input.selectiveSync ?? { type: 'none' };
    const row = await this.db
      .insertInto('geo_nodes')
      .values({
        name: input.name,
        url: input.url,
        internal_url: input.internalUrl ?? null,
        primary: input.primary ?? false,
        enabled: input.enabled ?? true,
        access_key: keys.accessKey,
        secret_access_key: keys.secretAccessKey,
        selective_sync_type: selective.type === 'none' ? null : selective.type,
        selective_sync_namespace_ids:
          selective.type === 'namespaces' ? [...selective.namespaceIds] : [],
        selective_sync_shards: selective.type === 'shards' ? [...selective.shards] : [],
        ...(input.syncObjectStorage !== undefined && {
          sync_object_storage: input.syncObjectStorage,
        }),
        ...(input.filesMaxCapacity !== undefined && { files_max_capacity: input.filesMaxCapacity }),
        ...(input.reposMaxCapacity !== undefined && { repos_max_capacity: input.reposMaxCapacity }),
        ...(input.verificationMaxCapacity !== undefined && {
          verification_max_capacity: input.verificationMaxCapacity,
        }),
        ...(input.minimumReverificationInterval !== undefined && {
          minimum_reverification_interval: input.minimumReverificationInterval,
        }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return geoNodeFromRow(row);
  }

  async update(
    name: string,
    changes: Omit<NewGeoNode, 'name' | 'url'> & { url?: string },
  ): Promise<GeoNode> {
    const selective = changes.selectiveSync;
    const row = await this.db
      .updateTable('geo_nodes')
      .set({
        updated_at: new Date(),
        ...(changes.url !== undefined && { url: changes.url }),
        ...(changes.internalUrl !== undefined && { internal_url: changes.internalUrl }),
        ...(changes.enabled !== undefined && { enabled: changes.enabled }),
        ...(changes.primary !== undefined && { primary: changes.primary }),
        ...(selective !== undefined && {
          selective_sync_type: selective.type === 'none' ? null : selective.type,
          selective_sync_namespace_ids:
            selective.type === 'namespaces' ? [...selective.namespaceIds] : [],
          selective_sync_shards: selective.type === 'shards' ? [...selective.shards] : [],
        }),
        ...(changes.syncObjectStorage !== undefined && {
          sync_object_storage: changes.syncObjectStorage,
        }),
        ...(changes.filesMaxCapacity !== undefined && {
          files_max_capacity: changes.filesMaxCapacity,
        }),
        ...(changes.reposMaxCapacity !== undefined && {
          repos_max_capacity: changes.reposMaxCapacity,
        }),
        ...(changes.verificationMaxCapacity !== undefined && {
          verification_max_capacity: changes.verificationMaxCapacity,
        }),
        ...(changes.minimumReverificationInterval !== undefined && {
          minimum_reverification_interval: changes.minimumReverificationInterval,
        }),
      })
      .where('name', '=', name)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new GeoNodeNotFoundError(name);
    return geoNodeFromRow(row);
  }

  async findByName(name: string): Promise<GeoNode | undefined> {
    const row = await this.db
      .selectFrom('geo_nodes')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && geoNodeFromRow(row);
  }

  /** The enabled site holding this access key: how the primary authenticates a secondary. */
  async findEnabledByAccessKey(accessKey: string): Promise<GeoNode | undefined> {
    const row = await this.db
      .selectFrom('geo_nodes')
      .selectAll()
      .where('access_key', '=', accessKey)
      .where('enabled', '=', true)
      .executeTakeFirst();
    return row && geoNodeFromRow(row);
  }

  async primary(): Promise<GeoNode | undefined> {
    const row = await this.db
      .selectFrom('geo_nodes')
      .selectAll()
      .where('primary', '=', true)
      .executeTakeFirst();
    return row && geoNodeFromRow(row);
  }

  async secondaries(): Promise<GeoNode[]> {
    const rows = await this.db
      .selectFrom('geo_nodes')
      .selectAll()
      .where('primary', '=', false)
      .orderBy('id')
      .execute();
    return rows.map(geoNodeFromRow);
  }

  /** Whether any secondary exists: without one the primary writes no events. */
  async hasSecondaries(): Promise<boolean> {
    const row = await this.db
      .selectFrom('geo_nodes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('primary', '=', false)
      .executeTakeFirstOrThrow();
    return Number(row.count) > 0;
  }
}
