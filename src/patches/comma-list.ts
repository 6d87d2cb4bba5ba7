import type { Node } from 'ts-morph';
import { SyntaxKind } from '../ts-morph.ts';
import { attachedCommentStart } from './class-member.ts';
import { wholeLines } from './text-span.ts';

/**
 * A comma-separated list in source text, between its brackets: an array literal's elements, an
 * object literal's properties, the specifiers of `import { … }`. Patches edit such lists by
 * inserting or cutting text at exact positions, never by printing the list again, so comments,
 * blank lines, spreads, trailing commas and the layout of the other entries stay byte for byte.
 */
export interface CommaList {
  readonly open: Node;
  readonly close: Node;
  readonly elements: readonly Node[];
}

export type Span = readonly [start: number, end: number];

/** The `[ … ]` or `{ … }` around a list node's elements. */
export function commaList(node: Node, elements: readonly Node[]): CommaList {
  const open =
    node.getFirstChildByKind(SyntaxKind.OpenBracketToken) ??
    node.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken);
  const close =
    node.getLastChildByKind(SyntaxKind.CloseBracketToken) ??
    node.getLastChildByKindOrThrow(SyntaxKind.CloseBraceToken);
  return { open, close, elements };
}

/** The comma written right after an element, if any. */
function commaAfter(element: Node): Node | undefined {
  const next = element.getNextSibling();
  return next?.getKind() === SyntaxKind.CommaToken ? next : undefined;
}

const lineStart = (text: string, position: number) => text.lastIndexOf('\n', position - 1) + 1;
const lineEnd = (text: string, position: number) => {
  const newline = text.indexOf('\n', position);
  return newline === -1 ? text.length : newline;
};
const indentationAt = (text: string, position: number) =>
  /^[ \t]*/.exec(text.slice(lineStart(text, position)))?.[0] ?? '';
/** Only spaces and comments that end on the line (what may follow an entry on its line). */
const ONLY_COMMENTS = /^[ \t]*(?:\/\*(?:(?!\*\/).)*\*\/[ \t]*)*(?:\/\/.*)?\r?$/;

/** Text to insert at a position of the original text. */
export interface Insertion {
  readonly at: number;
  readonly text: string;
}

/** The text with every insertion made; insertions at one position keep their order. */
export function applyInsertions(text: string, insertions: readonly Insertion[]): string {
  const ordered = insertions
    .map((insertion, index) => ({ insertion, index }))
    .sort((a, b) => b.insertion.at - a.insertion.at || b.index - a.index);
  let result = text;
  for (const { insertion } of ordered) {
    result = result.slice(0, insertion.at) + insertion.text + result.slice(insertion.at);
  }
  return result;
}

/**
 * Where to write `entries` as the list's last elements, in the list's own style: each on a line
 * of its own (indented like the last entry, with a trailing comma if the list has one) in a
 * multi-line list, after `, ` in a one-line list. Comments after the last entry stay after it.
 */
export function appendEntries(
  text: string,
  list: CommaList,
  entries: readonly string[],
): Insertion[] {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const closeAt = list.close.getStart();
  const last = list.elements.at(-1);
  if (last === undefined) {
    const beforeClose = text.slice(lineStart(text, closeAt), closeAt);
    const multiLine = text.slice(list.open.getEnd(), closeAt).includes('\n');
    if (!multiLine || !/^[ \t]*$/.test(beforeClose)) {
      return [{ at: closeAt, text: entries.join(', ') }];
    }
    // Right after the `[` line: a comment right above an entry would be taken for its own.
    const afterOpen = lineEnd(text, list.open.getEnd());
    if (!ONLY_COMMENTS.test(text.slice(list.open.getEnd(), afterOpen))) {
      return [{ at: closeAt, text: entries.join(', ') }];
    }
    const indent = `${beforeClose}  `;
    const lines = entries.map((entry) => `${indent}${reindent(entry, indent, eol)},${eol}`);
    return [{ at: afterOpen + 1, text: lines.join('') }];
  }
  if (!text.slice(last.getEnd(), closeAt).includes('\n')) {
    return [{ at: last.getEnd(), text: entries.map((entry) => `, ${entry}`).join('') }];
  }
  const comma = commaAfter(last);
  const afterLast = comma?.getEnd() ?? last.getEnd();
  const indent = indentationAt(text, last.getStart());
  const lines = entries.map((entry) => `${indent}${reindent(entry, indent, eol)}`);
  const body = lines.join(`,${eol}`) + (comma ? ',' : '');
  const endOfLine = lineEnd(text, afterLast);
  const insertion = ONLY_COMMENTS.test(text.slice(afterLast, endOfLine))
    ? { at: endOfLine + 1, text: `${body}${eol}` }
    : { at: afterLast, text: `${eol}${body}` };
  // Without a trailing comma, the entry that was last needs one now (before its comments).
  return comma ? [insertion] : [{ at: last.getEnd(), text: ',' }, insertion];
}

function reindent(entry: string, indent: string, eol: string): string {
  return entry.split(/\r?\n/).join(`${eol}${indent}`);
}

/**
 * The spans to cut to take `doomed` elements out of a list, the exact reverse of `appendEntries`:
 * an entry on lines of its own goes with those lines, its comma and the comments written right
 * above it; an entry sharing its line goes with one separator. The last entry of a list without a
 * trailing comma also takes the comma of the entry that becomes last.
 */
export function removalSpans(text: string, list: CommaList, doomed: readonly Node[]): Span[] {
  const spans: Span[] = [];
  const kept = list.elements.filter((element) => !doomed.includes(element));
  for (const element of doomed) {
    const index = list.elements.indexOf(element);
    const comma = commaAfter(element);
    const own = attachedCommentStart(text, element);
    const [start, end] = wholeLines(text, own, comma?.getEnd() ?? element.getEnd());
    const ownLines = start !== own || end !== (comma?.getEnd() ?? element.getEnd());
    if (ownLines) {
      spans.push([start, end]);
      if (comma === undefined) {
        const newLast = kept.filter((other) => list.elements.indexOf(other) < index).at(-1);
        const newLastComma = newLast && commaAfter(newLast);
        if (newLastComma) spans.push([newLastComma.getStart(), newLastComma.getEnd()]);
      }
      continue;
    }
    const previous = list.elements[index - 1];
    const previousComma = previous && commaAfter(previous);
    if (previousComma && lineStart(text, previousComma.getStart()) === lineStart(text, start)) {
      spans.push([previousComma.getStart(), element.getEnd()]);
    } else if (comma && index < list.elements.length - 1) {
      const spaces = /^[ \t]*/.exec(text.slice(comma.getEnd()))?.[0].length ?? 0;
      spans.push([element.getStart(), comma.getEnd() + spaces]);
    } else {
      spans.push([element.getStart(), comma?.getEnd() ?? element.getEnd()]);
    }
  }
  return spans;
}

/** The text without the spans (overlapping ones merged). */
export function cutSpans(text: string, spans: readonly Span[]): string {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let result = '';
  let position = 0;
  for (const [start, end] of sorted) {
    if (start > position) result += text.slice(position, start);
    position = Math.max(position, end);
  }
  return result + text.slice(position);
}
