/**
 * Appends rows to the first Markdown table of a document, after its last row, skipping rows whose
 * first cell is already present. Returns the new text, or undefined when nothing changed.
 */
export function appendTableRows(text: string, rows: readonly string[]): string | undefined {
  const lines = text.split('\n');
  const header = lines.findIndex(
    (line, index) => isRow(line) && isSeparator(lines[index + 1] ?? ''),
  );
  if (header === -1) return undefined;
  let last = header + 1;
  while (last + 1 < lines.length && isRow(lines[last + 1] ?? '')) last++;
  const present = new Set(lines.slice(header + 2, last + 1).map(firstCell));
  const missing = rows.filter((row) => !present.has(firstCell(row)));
  if (missing.length === 0) return undefined;
  lines.splice(last + 1, 0, ...missing);
  return lines.join('\n');
}

/** Whether a document has a table at all (a patch target that is missing is an error). */
export function hasTable(text: string): boolean {
  const lines = text.split('\n');
  return lines.some((line, index) => isRow(line) && isSeparator(lines[index + 1] ?? ''));
}

function isRow(line: string): boolean {
  return line.trimStart().startsWith('|');
}

function isSeparator(line: string): boolean {
  return /^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(line);
}

function firstCell(row: string): string {
  return row.split('|')[1]?.trim() ?? '';
}
