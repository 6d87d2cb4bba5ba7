import type { Names } from '../naming/names.ts';

/**
 * The "Geo data types support" table of a host's docs (`docs/data-types.md`): one row per data
 * type, saying whether its replication and verification are released. Columns are matched by
 * header name, so a host may reorder them or add its own (left as written).
 */
export const DATA_TYPES_COLUMNS = [
  'Data type',
  'Replicable',
  'Strategy',
  'Feature flag',
  'Replication',
  'Verification',
] as const;

/** What the status columns say for a data type still behind its flag. */
export const NOT_RELEASED = 'Off by default, behind its feature flag';

export interface DataTypeRow {
  readonly names: Names;
  readonly strategy: string;
  readonly featureFlag: string;
  /** The host's version, to say "Released in 1.2.0"; undefined says "Released". */
  readonly version: string | undefined;
}

/** Whether a row is the data type's: its `Replicable` cell, else its first cell, names it. */
export function isDataTypeRow(
  names: Names,
): (row: readonly string[], header: readonly string[]) => boolean {
  return (row, header) => {
    const replicable = header.indexOf('replicable');
    return replicable === -1
      ? row[0]?.toLowerCase() === names.titlePlural.toLowerCase()
      : row[replicable] === `\`${names.name}\``;
  };
}

/**
 * The released row: both status columns say released (a row already saying so keeps its
 * version, so releasing again changes nothing), empty known cells are filled, and every other
 * cell is kept as written.
 */
export function releasedRow(
  data: DataTypeRow,
): (existing: readonly string[] | undefined, header: readonly string[]) => string[] {
  const released = data.version === undefined ? 'Released' : `Released in ${data.version}`;
  return (existing, header) =>
    header.map((column, index) => {
      const current = existing?.[index] ?? '';
      switch (column) {
        case 'replication':
        case 'verification':
          return /^released\b/i.test(current) ? current : released;
        case 'data type':
          return current || data.names.titlePlural;
        case 'replicable':
          return current || `\`${data.names.name}\``;
        case 'strategy':
          return current || data.strategy;
        case 'feature flag':
          return current || `\`${data.featureFlag}\``;
        default:
          return current;
      }
    });
}
