import { sql, type Kysely, type RawBuilder, type Updateable } from 'kysely';
import type { LeaseDatabase } from '../leases/lease-table.ts';
import type { GeoLogger } from '../log/logger.ts';
import type { VerificationStateColumns } from './verification-columns.ts';

/** Where verification state lives: a model table, a `_states` table, or a registry. */
export interface VerificationTableSpec {
  readonly table: string;
  /** The column batches return: the model's id (`id`, or the foreign key of a states/registry table). */
  readonly key: string;
  /** Names the owner in errors, e.g. `PackageFile` or `PackageFileRegistry`. */
  readonly label: string;
  /** Extra condition on which rows are verifiable (a registry verifies synced rows only). */
  readonly verifiableWhere?: RawBuilder<boolean>;
  /** Registries also reset their mismatch columns when failures are cleared. */
  readonly hasMismatchColumns?: boolean;
  /**
   * What else a failure writes, in the same UPDATE. A registry fails its sync too, so that a copy
   * that cannot be verified is downloaded again (`before_verification_failed`).
   */
  readonly onFailed?: (failure: VerificationFailure) => Partial<Updateable<VerificationRow>>;
  /** Where transitions are logged (`Verification state transition`); default: nowhere. */
  readonly logger?: GeoLogger;
  /** A registry's own id column, logged as `registry_id` (a model's table has none apart from its key). */
  readonly registryIdColumn?: string;
}

/** A verification failure as written: the message stored, and the retry it schedules. */
export interface VerificationFailure {
  readonly message: string;
  readonly retryCount: number;
  readonly retryAt: Date;
}

/** A registry's sync columns, which its verification failures also set. */
interface RegistrySyncColumns {
  state?: number;
  retry_count?: number;
  retry_at?: Date | null;
  last_sync_failure?: string | null;
}

export type VerificationRow = VerificationStateColumns &
  RegistrySyncColumns & {
    checksum_mismatch?: boolean;
    verification_checksum_mismatched?: Uint8Array | null;
  };

export type VerificationDb = Record<string, VerificationRow>;

/** One verification table as its queries see it: the database and where the state lives. */
export interface VerificationScope {
  /** Tables are named at run time; the columns they share are typed by VerificationRow. */
  readonly db: Kysely<VerificationDb>;
  /** The same database: batch leases live beside the table they guard. */
  readonly leaseDb: Kysely<LeaseDatabase>;
  readonly spec: VerificationTableSpec;
}

/** The condition on verifiable rows (every row, unless the spec narrows it). */
export function verifiable(spec: VerificationTableSpec): RawBuilder<boolean> {
  return spec.verifiableWhere ?? sql<boolean>`TRUE`;
}
