/**
 * The statements a guarded read-only session runs: one query that reads. Anything else (`SET`,
 * `RESET`, `BEGIN`, `COMMIT`, `DISCARD`, `DO`, DDL, two statements in one query…) could end or
 * loosen the session's read-only transaction or its role, so it is refused before the database
 * sees it. On any doubt (an unterminated quote, a Unicode-escaped name) the statement is refused:
 * a false refusal costs a read-only view nothing.
 */
const READING_STATEMENTS = new Set(['select', 'with', 'values', 'table', 'show', 'explain']);

/** Functions that change the session's settings (its role, its transaction's access mode). */
const SESSION_FUNCTIONS = /\bset_config\b/;
/**
 * Large-object functions: PostgreSQL before 16 lets any role create large objects, even in a
 * read-only transaction, so only refusing them keeps such a write from the primary's database.
 */
const LARGE_OBJECT_FUNCTIONS = /\b(lo_\w+|lowrite|loread)\s*\(/;

/** Why `text` may not run on a guarded read-only session, or undefined when it may. */
export function readOnlyStatementRefusal(text: string): string | undefined {
  const skeleton = skeletonOf(text);
  if (typeof skeleton !== 'string') return skeleton.refusal;
  const statement = skeleton.trim().replace(/[\s;]+$/, '');
  if (statement.includes(';')) return 'two statements in one query';
  const keyword = /^[\s(]*([a-z_]+)/.exec(statement)?.[1];
  if (keyword === undefined) return 'a statement that does not start with a keyword';
  if (!READING_STATEMENTS.has(keyword))
    return `${article(keyword)} ${keyword.toUpperCase()} statement`;
  if (SESSION_FUNCTIONS.test(statement)) return 'set_config(), which changes session settings';
  if (LARGE_OBJECT_FUNCTIONS.test(statement)) return 'a large-object function';
  return undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

interface Refused {
  readonly refusal: string;
}

/**
 * The statement in lower case with comments removed and the contents of string literals (single-
 * quoted, `E'…'`, dollar-quoted) blanked; quoted identifiers keep their text, so that
 * `"set_config"` is seen for what it calls.
 */
function skeletonOf(text: string): string | Refused {
  let out = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    const next = text[index + 1] ?? '';
    if (char === '-' && next === '-') {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end + 1;
      out += ' ';
    } else if (char === '/' && next === '*') {
      const end = blockCommentEnd(text, index);
      if (end === undefined) return { refusal: 'an unterminated comment' };
      index = end;
      out += ' ';
    } else if (
      (char === 'u' || char === 'U') &&
      next === '&' &&
      /['"]/.test(text[index + 2] ?? '')
    ) {
      return { refusal: 'a Unicode-escaped literal or name' };
    } else if (char === "'") {
      const escapes = /[eE]/.test(text[index - 1] ?? '') && !/\w/.test(text[index - 2] ?? '');
      const end = quotedEnd(text, index, "'", escapes);
      if (end === undefined) return { refusal: 'an unterminated string literal' };
      index = end;
      out += "''";
    } else if (char === '"') {
      const end = quotedEnd(text, index, '"', false);
      if (end === undefined) return { refusal: 'an unterminated quoted name' };
      out += ` ${text.slice(index + 1, end - 1).replaceAll('""', '"')} `.toLowerCase();
      index = end;
    } else if (char === '$' && !/[\w$]/.test(text[index - 1] ?? '')) {
      const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(text.slice(index))?.[0];
      if (tag === undefined) {
        out += char; // a parameter ($1)
        index += 1;
        continue;
      }
      const end = text.indexOf(tag, index + tag.length);
      if (end === -1) return { refusal: 'an unterminated dollar-quoted string' };
      index = end + tag.length;
      out += "''";
    } else {
      out += char.toLowerCase();
      index += 1;
    }
  }
  return out;
}

/** The index after the `*\/` closing the (nestable) comment opened at `start`. */
function blockCommentEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    if (text.startsWith('/*', index)) {
      depth += 1;
      index += 2;
    } else if (text.startsWith('*/', index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else index += 1;
  }
  return undefined;
}

/** The index after the quote closing the one at `start` (doubled quotes, and `\` if `escapes`). */
function quotedEnd(
  text: string,
  start: number,
  quote: string,
  escapes: boolean,
): number | undefined {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (escapes && char === '\\') index += 2;
    else if (char === quote && text[index + 1] === quote) index += 2;
    else if (char === quote) return index + 1;
    else index += 1;
  }
  return undefined;
}
