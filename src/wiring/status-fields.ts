import type { Names } from '../naming/names.ts';

/** Where a status field is reported: the primary, a secondary, or both. */
export type StatusSite = 'both' | 'primary' | 'secondary';

/**
 * The status fields every data type reports (`<plural>_<field>` in the Geo nodes API and
 * `geo_<plural>_<field>` in the metrics), shared by both docs tables.
 */
export const STATUS_FIELDS: readonly (readonly [
  field: string,
  site: StatusSite,
  meaning: string,
])[] = [
  ['count', 'both', '{plural} on the primary; registries on a secondary'],
  ['checksum_total_count', 'primary', '{plural} that can be checksummed'],
  ['checksummed_count', 'primary', '{plural} whose checksum succeeded'],
  ['checksum_failed_count', 'primary', '{plural} whose checksum failed'],
  ['synced_count', 'secondary', '{plural} synced'],
  ['failed_count', 'secondary', '{plural} whose sync failed'],
  ['registry_count', 'secondary', '{singular} registries'],
  ['verification_total_count', 'secondary', 'synced {plural} that can be verified'],
  ['verified_count', 'secondary', '{plural} verified'],
  ['verification_failed_count', 'secondary', '{plural} whose verification failed'],
  [
    'oldest_unsynced_time',
    'secondary',
    'epoch seconds of the oldest unsynced registry; -1 when none',
  ],
  ['synced_in_percentage', 'secondary', 'synced / registries, in percent (0 without registries)'],
  [
    'verified_in_percentage',
    'secondary',
    'verified / registries, in percent (0 without registries)',
  ],
];

/** A field's meaning for the data type: `{plural}` and `{singular}` spelled out. */
export function describeField(template: string, names: Names): string {
  return template.replace('{plural}', names.humanNamePlural).replace('{singular}', names.humanName);
}
