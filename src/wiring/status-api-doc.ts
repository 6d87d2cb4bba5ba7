import { hostLists } from '../host/lists.ts';
import type { Names } from '../naming/names.ts';
import { appendDocRows, docHasRow, removeDocRows, sameFirstCell } from './docs-table.ts';
import { describeField, STATUS_FIELDS } from './status-fields.ts';
import type { WiringPoint } from './wiring-point.ts';

/** The rows of the Geo nodes API docs for a data type: one per status field. */
export function statusApiDocRows(names: Names): string[] {
  return STATUS_FIELDS.map(
    ([field, site, meaning]) =>
      `| \`${names.snakeNamePlural}_${field}\` | ${site} | ${describeField(meaning, names)} |`,
  );
}

/** The status fields in the Geo nodes API docs. */
export const statusApiDoc: WiringPoint = {
  id: 'status-api-doc',
  describe: ({ names, host }) =>
    `the ${names.snakeNamePlural}_* rows of ${hostLists(host.config).statusApiDoc}`,
  recognise: async (tree, { names, host }) =>
    docHasRow(tree, hostLists(host.config).statusApiDoc, sameFirstCell(statusApiDocRows(names))),
  apply: async (tree, { names, host }) =>
    appendDocRows(tree, hostLists(host.config).statusApiDoc, statusApiDocRows(names)),
  revert: async (tree, { names, host }) =>
    removeDocRows(
      tree,
      hostLists(host.config).statusApiDoc,
      names,
      sameFirstCell(statusApiDocRows(names)),
    ),
};
