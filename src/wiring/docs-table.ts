import { hostLists, type HostLists } from '../host/lists.ts';
import type { Names } from '../naming/names.ts';
import { PatchTargetNotFoundError } from '../patches/errors.ts';
import { firstTable, removeTableRows, splitCells } from '../patches/markdown-rows.ts';
import { appendTableRows, hasTable } from '../patches/markdown-table.ts';
import type { Tree } from '../tree/tree.ts';
import type { Reverted, WiringPoint, WiringPointId, WiringTarget } from './wiring-point.ts';

/** Which rows of a docs table are the data type's. */
export type RowMatch = (row: readonly string[], header: readonly string[]) => boolean;

/** Appends the rows a docs table lacks (by first cell); the file and its table must exist. */
export function appendDocRows(tree: Tree, file: string, rows: readonly string[]): void {
  const text = tree.read(file);
  if (text === undefined || !hasTable(text)) {
    throw new PatchTargetNotFoundError(
      file,
      'its table',
      text === undefined ? 'the file does not exist' : 'it has no Markdown table',
    );
  }
  const patched = appendTableRows(text, rows);
  if (patched !== undefined) tree.write(file, patched);
}

/** Rows whose first cell is one of these rows' first cells. */
export function sameFirstCell(rows: readonly string[]): RowMatch {
  const keys = new Set(rows.map((row) => splitCells(row)[0] ?? ''));
  return (row) => keys.has(row[0] ?? '');
}

/** Takes the data type's rows out of a docs table; undefined when the file has none. */
export function removeDocRows(
  tree: Tree,
  path: string,
  names: Names,
  matches: RowMatch,
): Reverted | undefined {
  const text = tree.read(path);
  const updated = text === undefined ? undefined : removeTableRows(text, matches);
  if (updated === undefined) return undefined;
  tree.write(path, updated);
  return { path, what: `removed the ${names.titlePlural} rows` };
}

/** Whether the docs table (a missing file counts as empty) has a row of the data type. */
export function docHasRow(tree: Tree, path: string, matches: RowMatch): boolean {
  const text = tree.read(path);
  const table = text === undefined ? undefined : firstTable(text.split('\n'));
  return table?.rows.some((row) => matches(row.cells, table.header)) ?? false;
}

/** A docs table a data type gets rows in, found by the first cell of each row. */
export interface DocRowsSpec {
  readonly id: WiringPointId;
  /** Which of the host's docs files holds the table. */
  readonly file: (lists: HostLists) => string;
  /** How the rows are named to the user, e.g. `the cool_widgets_* rows`. */
  readonly rowsLabel: (names: Names) => string;
  readonly rows: (names: Names) => string[];
}

/** The wiring point of a docs table whose rows `geo-gen replicable` adds and `remove` takes out. */
export function docRowsWiringPoint(spec: DocRowsSpec): WiringPoint {
  const file = (target: WiringTarget) => spec.file(hostLists(target.host.config));
  return {
    id: spec.id,
    describe: (target) => `${spec.rowsLabel(target.names)} of ${file(target)}`,
    recognise: async (tree, target) =>
      docHasRow(tree, file(target), sameFirstCell(spec.rows(target.names))),
    apply: async (tree, target) => appendDocRows(tree, file(target), spec.rows(target.names)),
    revert: async (tree, target) =>
      removeDocRows(tree, file(target), target.names, sameFirstCell(spec.rows(target.names))),
  };
}
