import type { Generated } from 'kysely';
import type { ExclusiveLeaseTable } from '../leases/lease-table.ts';
import type { GeneratedTimestamp, GeoNodeStatusTable, Timestamp } from './main-database.ts';

export type { ExclusiveLeaseTable };

/**
 * The tracking database of a secondary site: its own, never replicated. Registry tables are added
 * by the host through module augmentation, like the main database's model tables.
 */
export interface TrackingDatabase {
  /** The log cursor's position: the id of the last `geo_event_log` row it handled. */
  event_log_states: EventLogStateTable;
  exclusive_leases: ExclusiveLeaseTable;
  event_log_gaps: EventLogGapTable;
  geo_node_statuses: GeoNodeStatusTable;
}

export interface EventLogGapTable {
  event_id: number;
  detected_at: GeneratedTimestamp;
}

export interface EventLogStateTable {
  event_id: number;
  created_at: GeneratedTimestamp;
}

/** The columns every registry table has (the `004` registry migration). */
export interface RegistryTable {
  id: Generated<number>;
  created_at: Timestamp;
  last_synced_at: Timestamp | null;
  retry_at: Timestamp | null;
  verified_at: Timestamp | null;
  verification_started_at: Timestamp | null;
  verification_retry_at: Timestamp | null;
  state: Generated<number>;
  verification_state: Generated<number>;
  retry_count: Generated<number>;
  verification_retry_count: Generated<number>;
  checksum_mismatch: Generated<boolean>;
  verification_checksum: Uint8Array | null;
  verification_checksum_mismatched: Uint8Array | null;
  verification_failure: string | null;
  last_sync_failure: string | null;
}
