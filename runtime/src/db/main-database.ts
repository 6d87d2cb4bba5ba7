import type { ColumnType, Generated } from 'kysely';
import type { ExclusiveLeaseTable } from '../leases/lease-table.ts';

/** A `timestamptz` column: written as a Date or ISO string, read as a Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `timestamptz` column with a default (`now()`): optional on insert. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `jsonb` column. */
export type Json<T> = ColumnType<T, T | string, T | string>;

/**
 * The framework's own tables in the main database. A host adds its models' tables by module
 * augmentation (`declare module 'geo-runtime' { interface MainDatabase { … } }`), so one
 * `Kysely<MainDatabase>` types every query without a central list to edit.
 */
export interface MainDatabase {
  namespaces: NamespaceTable;
  projects: ProjectTable;
  geo_nodes: GeoNodeTable;
  geo_events: GeoEventTable;
  geo_event_log: GeoEventLogTable;
  feature_gates: FeatureGateTable;
  geo_node_statuses: GeoNodeStatusTable;
  /** The primary's leases (verification batches); a secondary keeps its own in the tracking database. */
  exclusive_leases: ExclusiveLeaseTable;
}

export interface NamespaceTable {
  id: Generated<number>;
  name: string;
  path: string;
  parent_id: number | null;
  created_at: GeneratedTimestamp;
}

export interface ProjectTable {
  id: Generated<number>;
  name: string;
  namespace_id: number;
  /** The storage shard, for selective sync by shard. */
  repository_storage: Generated<string>;
  created_at: GeneratedTimestamp;
}

export interface GeoNodeTable {
  id: Generated<number>;
  name: string;
  url: string;
  internal_url: string | null;
  primary: Generated<boolean>;
  enabled: Generated<boolean>;
  access_key: string;
  secret_access_key: string;
  selective_sync_type: string | null;
  selective_sync_namespace_ids: Generated<number[]>;
  selective_sync_shards: Generated<string[]>;
  sync_object_storage: Generated<boolean>;
  files_max_capacity: Generated<number>;
  repos_max_capacity: Generated<number>;
  verification_max_capacity: Generated<number>;
  minimum_reverification_interval: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface GeoEventTable {
  id: Generated<number>;
  replicable_name: string;
  event_name: string;
  payload: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
}

export interface GeoEventLogTable {
  id: Generated<number>;
  geo_event_id: number;
  created_at: GeneratedTimestamp;
}

export interface FeatureGateTable {
  key: string;
  enabled: boolean;
  updated_at: GeneratedTimestamp;
}

export interface GeoNodeStatusTable {
  geo_node_id: number;
  /** Flat status fields; null for a figure not collected (verification disabled for the type). */
  status: Json<Record<string, number | null>>;
  updated_at: GeneratedTimestamp;
}
