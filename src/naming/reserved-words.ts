/**
 * Words that cannot name a variable (`coolWidget`) or that a generated class (`CoolWidget`) would
 * shadow. Generated code uses the camel form as a binding, so a keyword there is a syntax error.
 */
const KEYWORDS = [
  // ECMAScript reserved words
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  // reserved in strict mode and modules (all generated files are modules)
  'await',
  'implements',
  'interface',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'yield',
  'arguments',
  'eval',
] as const;

/** TypeScript's built-in type names and the globals a class or binding of that name would hide. */
const BUILTINS = [
  'any',
  'bigint',
  'boolean',
  'never',
  'number',
  'object',
  'string',
  'symbol',
  'undefined',
  'unknown',
  'Array',
  'BigInt',
  'Boolean',
  'Date',
  'Error',
  'Function',
  'Infinity',
  'JSON',
  'Map',
  'Math',
  'NaN',
  'Number',
  'Object',
  'Promise',
  'Proxy',
  'Reflect',
  'RegExp',
  'Set',
  'String',
  'Symbol',
  'WeakMap',
  'WeakSet',
] as const;

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTINS);

/** Why `identifier` cannot be used in generated code, or undefined when it can. */
export function reservedReason(identifier: string): string | undefined {
  if (KEYWORD_SET.has(identifier))
    return `\`${identifier}\` is a JavaScript/TypeScript reserved word`;
  if (BUILTIN_SET.has(identifier))
    return `\`${identifier}\` would shadow the built-in \`${identifier}\``;
  return undefined;
}
