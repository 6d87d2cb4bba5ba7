/**
 * A Markdown table as prettier prints it, computed without prettier where every cell is plain:
 * then prettier prints each cell's text as written, and what it does is arithmetic. Each column
 * is as wide as its widest cell (3 at least), every cell is padded to it as the column is aligned,
 * and the delimiter row is dashes of that width, with the colons of the alignment. Returns
 * undefined for any other table: prettier formats those (test/tree/aligned-table.test.ts checks
 * the two agree, on the docs geo-gen patches and on thousands of generated tables).
 */
export function alignedTable(table: string): string | undefined {
  const rows = table.replace(/\n$/, '').split('\n').map(cellsOf);
  const [header, delimiter, ...body] = rows;
  if (header === undefined || delimiter === undefined) return undefined;
  const alignments = delimiter.map(alignmentOf);
  const contents = [header, ...body];
  const columns = header.length;
  if (
    alignments.length !== columns ||
    !alignments.every((alignment) => alignment !== undefined) ||
    !contents.every((row) => row.length === columns && row.every(isPlain))
  ) {
    return undefined;
  }
  const widths = header.map((_, column) =>
    Math.max(3, ...contents.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const pad = (text: string, column: number): string => {
    const spaces = (widths[column] ?? 0) - text.length;
    const alignment = alignments[column];
    const before =
      alignment === 'right' ? spaces : alignment === 'center' ? Math.floor(spaces / 2) : 0;
    return `${' '.repeat(before)}${text}${' '.repeat(spaces - before)}`;
  };
  const dashes = alignments.map((alignment, column) => {
    const first = alignment === 'center' || alignment === 'left' ? ':' : '-';
    const last = alignment === 'center' || alignment === 'right' ? ':' : '-';
    return `${first}${'-'.repeat((widths[column] ?? 3) - 2)}${last}`;
  });
  return `${[line(header.map(pad)), line(dashes), ...body.map((row) => line(row.map(pad)))].join('\n')}\n`;
}

type Alignment = 'none' | 'left' | 'right' | 'center';

/** A row's cells, trimmed; undefined when the line is not `| … |`. */
function cellsOf(line: string): string[] {
  const parts = line.split('|');
  if (parts.length < 3 || parts[0]?.trim() !== '' || parts.at(-1)?.trim() !== '') return [];
  return parts.slice(1, -1).map((cell) => cell.trim());
}

function alignmentOf(cell: string): Alignment | undefined {
  const match = /^(:?)-+(:?)$/.exec(cell);
  if (match === null) return undefined;
  const [, left, right] = match;
  return left && right ? 'center' : left ? 'left' : right ? 'right' : 'none';
}

/** Code spans without a backtick, `|` or `\`, neither starting nor ending with a space. */
const CODE = /`[^`|\\ ](?:[^`|\\]*[^`|\\ ])?`/g;
/** Text prettier neither escapes nor turns into anything (ASCII; no emphasis, link, HTML…). */
const TEXT = /^[A-Za-z0-9,.;:()'"/=-]+(?: [A-Za-z0-9,.;:()'"/=-]+)*$/;

/**
 * Whether prettier prints the cell as written: code spans, and words of letters, digits and a
 * little punctuation, single-spaced. No autolink (`://`, `www.`), no leading `-`.
 */
function isPlain(cell: string): boolean {
  if (cell === '') return true;
  if (cell.startsWith('-') || cell.includes('://') || /www\./i.test(cell)) return false;
  return cell
    .split(CODE)
    .every(
      (text) => text === '' || text === ' ' || (TEXT.test(text.trim()) && !text.includes('  ')),
    );
}
