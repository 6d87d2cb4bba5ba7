import type { Names } from '../naming/names.ts';
import { docRowsWiringPoint } from './docs-table.ts';
import { describeField, STATUS_FIELDS } from './status-fields.ts';

/** The rows of the Geo nodes API docs for a data type: one per status field. */
export function statusApiDocRows(names: Names): string[] {
  return STATUS_FIELDS.map(
    ([field, site, meaning]) =>
      `| \`${names.snakeNamePlural}_${field}\` | ${site} | ${describeField(meaning, names)} |`,
  );
}

/** The status fields in the Geo nodes API docs. */
export const statusApiDoc = docRowsWiringPoint({
  id: 'status-api-doc',
  file: (lists) => lists.statusApiDoc,
  rowsLabel: (names) => `the ${names.snakeNamePlural}_* rows`,
  rows: statusApiDocRows,
});
