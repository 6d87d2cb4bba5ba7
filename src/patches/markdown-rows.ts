/** A row of a Markdown table: its line index in the document and its trimmed cells. */
export interface TableRow {
  readonly index: number;
  readonly cells: readonly string[];
}

/** The first table of a document: header cells (lower-cased) and body rows. */
export interface MarkdownTable {
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
  /** Where a new row goes: after the last body row. */
  readonly end: number;
}

export type UpsertRowResult =
  | { readonly kind: 'added' | 'updated'; readonly text: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'no-table' };

export interface RowUpsert {
  /** Which existing row is the one to update. */
  readonly identifies: (row: readonly string[], header: readonly string[]) => boolean;
  /** The row's cells, given the existing ones (undefined for a new row) and the header. */
  readonly build: (existing: readonly string[] | undefined, header: readonly string[]) => string[];
}

/**
 * Adds a row to the first table of a document, or rewrites the row `identifies` picks when its
 * cells change. Cells are compared trimmed, so a table aligned by a formatter is not "changed".
 */
export function upsertTableRow(text: string, upsert: RowUpsert): UpsertRowResult {
  const lines = text.split('\n');
  const table = firstTable(lines);
  if (table === undefined) return { kind: 'no-table' };
  const existing = table.rows.find((row) => upsert.identifies(row.cells, table.header));
  const cells = upsert.build(existing?.cells, table.header);
  if (existing === undefined) {
    lines.splice(table.end, 0, joinCells(cells));
    return { kind: 'added', text: lines.join('\n') };
  }
  if (
    cells.length === existing.cells.length &&
    cells.every((cell, i) => cell === existing.cells[i])
  ) {
    return { kind: 'unchanged' };
  }
  lines[existing.index] = joinCells(cells);
  return { kind: 'updated', text: lines.join('\n') };
}

/** Removes the rows of the first table that `matches` picks; undefined when none did. */
export function removeTableRows(
  text: string,
  matches: (row: readonly string[], header: readonly string[]) => boolean,
): string | undefined {
  const lines = text.split('\n');
  const table = firstTable(lines);
  if (table === undefined) return undefined;
  const doomed = new Set(
    table.rows.filter((row) => matches(row.cells, table.header)).map((row) => row.index),
  );
  if (doomed.size === 0) return undefined;
  return lines.filter((_, index) => !doomed.has(index)).join('\n');
}

export function firstTable(lines: readonly string[]): MarkdownTable | undefined {
  const headerIndex = lines.findIndex(
    (line, index) => isRow(line) && isSeparator(lines[index + 1] ?? ''),
  );
  if (headerIndex === -1) return undefined;
  const rows: TableRow[] = [];
  let index = headerIndex + 2;
  for (; index < lines.length && isRow(lines[index] ?? ''); index++) {
    rows.push({ index, cells: splitCells(lines[index] ?? '') });
  }
  const header = splitCells(lines[headerIndex] ?? '').map((cell) => cell.toLowerCase());
  return { header, rows, end: index };
}

/** `| a | b \| c |` → `['a', 'b \| c']`: trimmed cells, escaped pipes kept. */
export function splitCells(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

export function joinCells(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function isRow(line: string): boolean {
  return line.trimStart().startsWith('|');
}

function isSeparator(line: string): boolean {
  return /^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(line);
}
