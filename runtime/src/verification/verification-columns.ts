import type { Generated } from 'kysely';
import type { Timestamp } from '../db/main-database.ts';

/**
 * The verification columns of `004`: on a primary model table (option 1), on its `<name>_states`
 * table (option 2), and on every registry. Model tables extend this interface.
 */
export interface VerificationStateColumns {
  verification_state: Generated<number>;
  verification_started_at: Timestamp | null;
  verification_retry_count: Generated<number>;
  verification_retry_at: Timestamp | null;
  verified_at: Timestamp | null;
  verification_checksum: Uint8Array | null;
  verification_failure: string | null;
}

/** Eight hours: a verification still `started` after this is considered lost. */
export const VERIFICATION_TIMEOUT_SECONDS = 8 * 60 * 60;
/** How many records one verification batch takes. */
export const VERIFICATION_BATCH_SIZE = 10;
/** How many succeeded records one reverification pass marks pending. */
export const REVERIFICATION_BATCH_SIZE = 1000;
