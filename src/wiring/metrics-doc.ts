import { hostLists } from '../host/lists.ts';
import type { Names } from '../naming/names.ts';
import { appendDocRows, docHasRow, removeDocRows, sameFirstCell } from './docs-table.ts';
import { describeField, STATUS_FIELDS } from './status-fields.ts';
import type { WiringPoint } from './wiring-point.ts';

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
export const metricsDoc: WiringPoint = {
  id: 'metrics-doc',
  describe: ({ names, host }) =>
    `the geo_${names.snakeNamePlural}_* rows of ${hostLists(host.config).metricsDoc}`,
  recognise: async (tree, { names, host }) =>
    docHasRow(tree, hostLists(host.config).metricsDoc, sameFirstCell(metricsDocRows(names))),
  apply: async (tree, { names, host }) =>
    appendDocRows(tree, hostLists(host.config).metricsDoc, metricsDocRows(names)),
  revert: async (tree, { names, host }) =>
    removeDocRows(
      tree,
      hostLists(host.config).metricsDoc,
      names,
      sameFirstCell(metricsDocRows(names)),
    ),
};
