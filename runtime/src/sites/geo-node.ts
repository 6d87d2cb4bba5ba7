import type { Selectable } from 'kysely';
import type { GeoNodeTable } from '../db/main-database.ts';

export const SELECTIVE_SYNC_TYPES = ['none', 'namespaces', 'shards'] as const;
export type SelectiveSyncType = (typeof SELECTIVE_SYNC_TYPES)[number];

/** What a secondary replicates: everything, some namespaces (and their descendants), or some shards. */
export type SelectiveSync =
  | { readonly type: 'none' }
  | { readonly type: 'namespaces'; readonly namespaceIds: readonly number[] }
  | { readonly type: 'shards'; readonly shards: readonly string[] };

/** A Geo site as recorded in the main database's `geo_nodes`. */
export interface GeoNode {
  readonly id: number;
  readonly name: string;
  readonly url: string;
  /** The URL other sites use to reach this one (falls back to `url`). */
  readonly internalUrl: string;
  readonly primary: boolean;
  readonly enabled: boolean;
  readonly accessKey: string;
  readonly secretAccessKey: string;
  readonly selectiveSync: SelectiveSync;
  readonly syncObjectStorage: boolean;
  readonly filesMaxCapacity: number;
  readonly reposMaxCapacity: number;
  readonly verificationMaxCapacity: number;
  /** Days before a succeeded checksum is verified again. */
  readonly minimumReverificationInterval: number;
}

export function geoNodeFromRow(row: Selectable<GeoNodeTable>): GeoNode {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    internalUrl: row.internal_url ?? row.url,
    primary: row.primary,
    enabled: row.enabled,
    accessKey: row.access_key,
    secretAccessKey: row.secret_access_key,
    selectiveSync: selectiveSyncFromRow(row),
    syncObjectStorage: row.sync_object_storage,
    filesMaxCapacity: row.files_max_capacity,
    reposMaxCapacity: row.repos_max_capacity,
    verificationMaxCapacity: row.verification_max_capacity,
    minimumReverificationInterval: row.minimum_reverification_interval,
  };
}

function selectiveSyncFromRow(row: Selectable<GeoNodeTable>): SelectiveSync {
  switch (row.selective_sync_type) {
    case null:
    case '':
      return { type: 'none' };
    case 'namespaces':
      return { type: 'namespaces', namespaceIds: row.selective_sync_namespace_ids.map(Number) };
    case 'shards':
      return { type: 'shards', shards: row.selective_sync_shards };
    default:
      throw new Error(
        `Geo node ${row.name} has unknown selective_sync_type '${row.selective_sync_type}'; ` +
          `use one of ${SELECTIVE_SYNC_TYPES.join(', ')}.`,
      );
  }
}
