import type { Names } from '../naming/names.ts';
import { docRowsWiringPoint } from './docs-table.ts';
import { describeField, STATUS_FIELDS } from './status-fields.ts';

/** The rows of the metrics docs for a data type: one gauge per status field but percentages. */
export function metricsDocRows(names: Names): string[] {
  return STATUS_FIELDS.filter(([field]) => !field.endsWith('_percentage')).map(
    ([field, site, meaning]) => {
      const metric = `geo_${`${names.snakeNamePlural}_${field}`.replace(/_count$/, '')}`;
      const where = site === 'both' ? '' : ` (${site})`;
      return `| \`${metric}\` | gauge | ${describeField(meaning, names)}${where} |`;
    },
  );
}

/** The metric names in the metrics docs. */
export const metricsDoc = docRowsWiringPoint({
  id: 'metrics-doc',
  file: (lists) => lists.metricsDoc,
  rowsLabel: (names) => `the geo_${names.snakeNamePlural}_* rows`,
  rows: metricsDocRows,
});
