/**
 * A Markdown file split around the one table a change touched: `before + table + after` is the
 * file (where it ended in a newline), the table's last line ending in one.
 */
export interface TableSplit {
  readonly before: string;
  readonly table: string;
  readonly after: string;
}

const DELIMITER_ROW = /^\|(?:\s*:?-+:?\s*\|)+\s*$/;
const FENCE = /^\s*(?:`{3}|~{3})/;

/**
 * Where an update of a Markdown file changed lines of one top-level table and nothing else, that
 * table with what surrounds it; undefined for any other change. Prettier formats such a table
 * the same alone as within the page: a table is a block of its own, its cells' inline code and
 * text depend on nothing else in the page. Link references are the exception (`[a][b]` needs the
 * page's `[b]: …`), so a table with a `[` is not split off. Formatting only the table also leaves
 * the rest of the page, the user's, as they wrote it.
 */
export function changedTable(before: string, after: string): TableSplit | undefined {
  const old = before.split('\n');
  const lines = after.split('\n');
  let first = 0;
  while (first < old.length && first < lines.length && old[first] === lines[first]) first++;
  if (first === old.length && first === lines.length) return undefined;
  let end = lines.length;
  let oldEnd = old.length;
  while (end > first && oldEnd > first && old[oldEnd - 1] === lines[end - 1]) {
    end--;
    oldEnd--;
  }
  // The block of non-blank lines around the changed ones.
  let start = first;
  while (start > 0 && !isBlank(lines[start - 1])) start--;
  while (end < lines.length && !isBlank(lines[end])) end++;
  const block = lines.slice(start, end);
  const isTable =
    block.length >= 2 &&
    block.every((line) => line.startsWith('|') && !line.includes('[')) &&
    DELIMITER_ROW.test(block[1] ?? '');
  const fencesBefore = lines.slice(0, start).filter((line) => FENCE.test(line)).length;
  if (!isTable || fencesBefore % 2 === 1) return undefined;
  return {
    before: lines
      .slice(0, start)
      .map((line) => `${line}\n`)
      .join(''),
    table: `${block.join('\n')}\n`,
    after: lines.slice(end).join('\n'),
  };
}

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}
