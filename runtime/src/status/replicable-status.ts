import { oldestUnsyncedTime } from '../registry/registry-counts.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';

/** The primary's checksum figures: the source of their type and of their (null) status fields. */
export const PRIMARY_VERIFICATION_FIELDS = [
  'checksumTotalCount',
  'checksummedCount',
  'checksumFailedCount',
] as const;

/** A secondary's verification figures, the percentage derived from them included. */
export const SECONDARY_VERIFICATION_FIELDS = [
  'verificationTotalCount',
  'verifiedCount',
  'verificationFailedCount',
  'verifiedInPercentage',
] as const;

export type PrimaryVerificationCounts = Readonly<
  Record<(typeof PRIMARY_VERIFICATION_FIELDS)[number], number>
>;
export type SecondaryVerificationCounts = Readonly<
  Record<(typeof SECONDARY_VERIFICATION_FIELDS)[number], number>
>;

/**
 * Verification figures exist only while verification is enabled for the type
 * (`Replicator.verificationEnabled`): a disabled type has none, which the status reports as
 * `null`, so that "not counted" never reads as "0 verified".
 */
export type VerificationStatus<Counts> =
  { readonly kind: 'enabled'; readonly counts: Counts } | { readonly kind: 'disabled' };

/** One replicable's figures on the primary (`004` Step 2): what exists and what is checksummed. */
export interface PrimaryReplicableStatus {
  readonly role: 'primary';
  readonly count: number;
  readonly verification: VerificationStatus<PrimaryVerificationCounts>;
}

/** One replicable's figures on a secondary: what it tracks, holds and has verified. */
export interface SecondaryReplicableStatus {
  readonly role: 'secondary';
  readonly count: number;
  readonly syncedCount: number;
  readonly failedCount: number;
  readonly registryCount: number;
  readonly syncedInPercentage: number;
  /** Seconds since the epoch when the oldest unsynced registry was created; -1 when none is. */
  readonly oldestUnsyncedTime: number;
  readonly verification: VerificationStatus<SecondaryVerificationCounts>;
}

export type ReplicableStatus = PrimaryReplicableStatus | SecondaryReplicableStatus;

/** A status field's value: a number, or null for a figure that is not collected (verification off). */
export type StatusFieldValue = number | null;

/** `part` of `whole` in percent, two decimals; 0 when there is nothing. */
export function percentage(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

export async function replicableStatus(
  site: GeoSite,
  replicator: ReplicatorClass,
): Promise<ReplicableStatus> {
  const verificationEnabled = await replicator.verificationEnabled(site);
  if (site.isSecondary()) {
    const { verificationTotalCount, verifiedCount, verificationFailedCount, ...sync } =
      await replicator.registryClass.counts(site);
    return {
      role: 'secondary',
      count: sync.registryCount,
      ...sync,
      syncedInPercentage: percentage(sync.syncedCount, sync.registryCount),
      oldestUnsyncedTime: await oldestUnsyncedTime(replicator.registryClass, site),
      verification: verificationEnabled
        ? {
            kind: 'enabled',
            counts: {
              verificationTotalCount,
              verifiedCount,
              verificationFailedCount,
              // Of the registry count, as the original (not of the verifiable ones).
              verifiedInPercentage: percentage(verifiedCount, sync.registryCount),
            },
          }
        : { kind: 'disabled' },
    };
  }
  const states = await replicator.verificationTable(site).countsByState();
  const total = Object.values(states).reduce((sum, count) => sum + count, 0);
  return {
    role: 'primary',
    count: total,
    verification: verificationEnabled
      ? {
          kind: 'enabled',
          counts: {
            checksumTotalCount: total,
            checksummedCount: states.succeeded,
            checksumFailedCount: states.failed,
          },
        }
      : { kind: 'disabled' },
  };
}

function verificationFields<Field extends string>(
  fields: readonly Field[],
  verification: VerificationStatus<Readonly<Record<Field, number>>>,
): Record<Field, StatusFieldValue> {
  const values = {} as Record<Field, StatusFieldValue>;
  for (const field of fields)
    values[field] = verification.kind === 'enabled' ? verification.counts[field] : null;
  return values;
}

/** One replicable's status as flat figures (camelCase keys), null where verification is off. */
export function replicableStatusFields(
  status: ReplicableStatus,
): Readonly<Record<string, StatusFieldValue>> {
  switch (status.role) {
    case 'primary': {
      const { role: _role, verification, ...figures } = status;
      return {
        ...figures,
        ...verificationFields(PRIMARY_VERIFICATION_FIELDS, verification),
      };
    }
    case 'secondary': {
      const { role: _role, verification, ...figures } = status;
      return {
        ...figures,
        ...verificationFields(SECONDARY_VERIFICATION_FIELDS, verification),
      };
    }
  }
}
