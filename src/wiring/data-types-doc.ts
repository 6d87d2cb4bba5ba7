import { hostLayout } from '../host/layout.ts';
import { upsertTableRow } from '../patches/markdown-rows.ts';
import { isDataTypeRow, releasedRow } from './data-types-table.ts';
import { docHasRow, removeDocRows } from './docs-table.ts';
import { DataTypesDocMissingError } from './errors.ts';
import type { WiringPoint } from './wiring-point.ts';

/**
 * The data type's row of the "Geo data types support" table. No `apply`: a data type gets its
 * row when it is released (a row saying "off by default" before that would be a promise the
 * docs cannot keep apart from the flag).
 */
export const dataTypesDoc: WiringPoint = {
  id: 'data-types-doc',

  describe: ({ names, host }) =>
    `the ${names.titlePlural} row of ${hostLayout(host.config).dataTypesDoc}`,

  recognise: async (tree, { names, host }) =>
    docHasRow(tree, hostLayout(host.config).dataTypesDoc, isDataTypeRow(names)),

  revert: async (tree, { names, host }) =>
    removeDocRows(tree, hostLayout(host.config).dataTypesDoc, names, isDataTypeRow(names)),

  /** The row says replication and verification are released. */
  async release(tree, target) {
    const { names } = target;
    const path = hostLayout(target.host.config).dataTypesDoc;
    const text = tree.read(path);
    if (text === undefined) throw new DataTypesDocMissingError(path, 'missing');
    const result = upsertTableRow(text, {
      identifies: isDataTypeRow(names),
      build: releasedRow({
        names,
        strategy: target.strategy,
        featureFlag: target.featureFlag,
        version: target.version,
      }),
    });
    if (result.kind === 'no-table') throw new DataTypesDocMissingError(path, 'no-table');
    if (result.kind !== 'unchanged') tree.write(path, result.text);
    return {
      kind: result.kind === 'unchanged' ? 'already' : 'changed',
      path,
      what: `the ${names.titlePlural} row says replication and verification are released`,
    };
  },
};
