import type { Timestamp } from '../db/main-database.ts';

export interface ExclusiveLeaseTable {
  key: string;
  owner: string;
  expires_at: Timestamp;
}

/** Any database that keeps leases: a secondary's tracking database, and the primary's main one. */
export interface LeaseDatabase {
  exclusive_leases: ExclusiveLeaseTable;
}
