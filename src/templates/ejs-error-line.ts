import { Script } from 'node:vm';

/**
 * Finds the template line of an ejs compile error. ejs reports runtime errors with a line, but
 * not a JavaScript syntax error in a tag or an unclosed tag; these helpers recover the line.
 */

/** The line of the first `<%` tag that has no closing `%>`, if any. */
export function unclosedTagLine(text: string): number | undefined {
  const delimiters = /<%%|%%>|<%[=\-_#]?|[-_]?%>/g;
  let open: number | undefined;
  for (const match of text.matchAll(delimiters)) {
    const token = match[0];
    if (token === '<%%' || token === '%%>') continue;
    if (token.startsWith('<%')) {
      if (open !== undefined) return lineAt(text, open);
      open = match.index;
    } else {
      open = undefined;
    }
  }
  return open === undefined ? undefined : lineAt(text, open);
}

/**
 * The template line of a syntax error in ejs's generated function `source`: parse it with V8,
 * take the generated line V8 blames, and map it back through the `__line = N` markers ejs writes
 * (with compileDebug) before the code of each template line.
 */
export function syntaxErrorLine(source: string): number | undefined {
  const wrapped = `(function () {\n${source}\n})`;
  let generatedLine: number | undefined;
  try {
    new Script(wrapped, { filename: 'template' });
    return undefined;
  } catch (error) {
    const match = error instanceof Error ? /^template:(\d+)/.exec(error.stack ?? '') : null;
    if (match?.[1] === undefined) return undefined;
    generatedLine = Number(match[1]) - 1; // the wrapper's first line
  }
  let templateLine = 1;
  for (const [index, line] of source.split('\n').entries()) {
    if (index >= generatedLine) break;
    const marker = /__line = (\d+)/.exec(line);
    if (marker?.[1] !== undefined) templateLine = Number(marker[1]);
  }
  return templateLine;
}

export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
