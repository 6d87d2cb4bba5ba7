/**
 * Widens `[start, end)` to whole lines when nothing else shares them (only indentation before,
 * only comments after), so removing a node takes its line with it instead of leaving a
 * blank one behind. Otherwise the span is returned as it is.
 */
export function wholeLines(text: string, start: number, end: number): [number, number] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  return /^[ \t]*$/.test(before) &&
    /^[ \t]*(?:\/\*(?:(?!\*\/).)*\*\/[ \t]*)*(?:\/\/.*)?\r?\n?$/.test(after)
    ? [lineStart, lineEnd]
    : [start, end];
}

/** The text without `[start, end)`. */
export function cut(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(end);
}
