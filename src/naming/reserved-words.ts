/**
 * Words that cannot name a binding (`coolWidget`): generated code declares the camel form, so a
 * keyword there is a syntax error. Modules are strict, so strict-mode words count too.
 */
const KEYWORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw ' +
    'true try typeof var void while with ' +
    'await implements interface let package private protected public static yield arguments eval'
  ).split(' '),
);

/** Globals a generated class (`CoolWidget`) or binding of the same name would hide. */
const BUILTINS = new Set(
  (
    'undefined Array BigInt Boolean Date Error Function Infinity JSON Map Math NaN Number Object ' +
    'Promise Proxy Reflect RegExp Set String Symbol WeakMap WeakSet'
  ).split(' '),
);

/** Why `identifier` cannot be used in generated code, or undefined when it can. */
export function reservedReason(identifier: string): string | undefined {
  if (KEYWORDS.has(identifier)) return `\`${identifier}\` is a JavaScript/TypeScript reserved word`;
  if (BUILTINS.has(identifier))
    return `\`${identifier}\` would shadow the built-in \`${identifier}\``;
  return undefined;
}
