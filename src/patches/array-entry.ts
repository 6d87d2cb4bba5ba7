import type { ArrayLiteralExpression, ImportDeclaration, SourceFile } from 'ts-morph';
import { Node } from '../ts-morph.ts';
import { appendEntries, applyInsertions, commaList, type Insertion } from './comma-list.ts';
import { PatchTargetNotFoundError } from './errors.ts';
import { parseSource } from './typescript-source.ts';

/** A named import a patch needs: `import { name } from 'module'`. */
export interface NamedImport {
  readonly name: string;
  readonly module: string;
}

/** One entry to add to a top-level array constant, with the imports it uses. */
export interface ArrayEntryPatch {
  readonly file: string;
  /** The `const` whose array literal is the list, e.g. `REPLICATOR_CLASSES`. */
  readonly symbol: string;
  /** The entry's source text, e.g. `CoolWidgetReplicator` or `{ replicator: … }`. */
  readonly entry: string;
  /** How to recognise the entry among existing ones (defaults to comparing the text). */
  readonly identifies?: (existing: string) => boolean;
  readonly imports: readonly NamedImport[];
}

export type ArrayEntryResult =
  | { readonly kind: 'added'; readonly text: string; readonly notes: readonly string[] }
  | { readonly kind: 'unchanged'; readonly notes: readonly string[] };

/** The array literal of `const <symbol> … = [ … ]` (through `as const` or `satisfies`). */
export function findArrayLiteral(
  source: SourceFile,
  file: string,
  symbol: string,
): ArrayLiteralExpression {
  const declaration = source.getVariableDeclaration(symbol);
  if (!declaration)
    throw new PatchTargetNotFoundError(file, symbol, 'no top-level const of that name');
  let initializer = declaration.getInitializer();
  while (
    initializer &&
    (Node.isAsExpression(initializer) ||
      Node.isSatisfiesExpression(initializer) ||
      Node.isParenthesizedExpression(initializer))
  ) {
    initializer = initializer.getExpression();
  }
  if (!initializer || !Node.isArrayLiteralExpression(initializer)) {
    throw new PatchTargetNotFoundError(file, symbol, 'it is not initialised with an array literal');
  }
  return initializer;
}

function importedNames(source: SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const declaration of source.getImportDeclarations()) {
    for (const named of declaration.getNamedImports()) {
      names.set(
        named.getAliasNode()?.getText() ?? named.getName(),
        declaration.getModuleSpecifierValue(),
      );
    }
  }
  return names;
}

/**
 * Adds an entry to a list and the imports it needs, once: a second run finds both and changes
 * nothing. The entry and the imports are inserted as text at their place, so every other byte of
 * the file (comments, blank lines, spreads, trailing commas, other entries) stays as it was. A
 * half-wired host (imported but not listed, or listed but not imported) is completed and
 * reported in `notes`.
 */
export async function addArrayEntry(
  text: string,
  patch: ArrayEntryPatch,
): Promise<ArrayEntryResult> {
  const source = await parseSource(patch.file, text);
  const list = findArrayLiteral(source, patch.file, patch.symbol);
  const identifies =
    patch.identifies ?? ((existing: string) => normalise(existing) === normalise(patch.entry));
  const listed = list.getElements().some((element) => identifies(element.getText()));
  const imported = importedNames(source);
  const missingImports = patch.imports.filter((needed) => !imported.has(needed.name));
  const notes: string[] = [];

  if (listed && missingImports.length === 0) return { kind: 'unchanged', notes };
  if (listed)
    notes.push(
      `${patch.file}: ${patch.symbol} listed ${missingImports.map((i) => i.name).join(', ')} without importing it; added the import`,
    );
  if (!listed && missingImports.length < patch.imports.length) {
    notes.push(
      `${patch.file}: ${patch.imports[0]?.name ?? patch.entry} was imported but not in ${patch.symbol}; added it`,
    );
  }
  const insertions = importInsertions(source, missingImports);
  if (!listed) {
    insertions.push(...appendEntries(text, commaList(list, list.getElements()), [patch.entry]));
  }
  return { kind: 'added', text: applyInsertions(text, insertions), notes };
}

/**
 * The named imports written into the file: into an existing value import of the module, else as
 * a new declaration after the last import (in the file's quotes and semicolons).
 */
function importInsertions(source: SourceFile, needed: readonly NamedImport[]): Insertion[] {
  const text = source.getFullText();
  const declarations = source.getImportDeclarations();
  const insertions: Insertion[] = [];
  const modules = [...new Set(needed.map((named) => named.module))];
  const fresh: string[] = [];
  for (const module of modules) {
    const names = needed.filter((named) => named.module === module).map((named) => named.name);
    const into = declarations
      .filter(
        (declaration) =>
          declaration.getModuleSpecifierValue() === module && !declaration.isTypeOnly(),
      )
      .map((declaration) => declaration.getImportClause()?.getNamedBindings())
      .find((bindings) => bindings !== undefined && Node.isNamedImports(bindings));
    if (into) insertions.push(...appendEntries(text, commaList(into, into.getElements()), names));
    else fresh.push(`import { ${names.join(', ')} } from ${quoted(module, declarations)}`);
  }
  if (fresh.length === 0) return insertions;
  const last = declarations.at(-1);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const semicolon = last === undefined || last.getText().endsWith(';') ? ';' : '';
  const lines = fresh.map((line) => `${line}${semicolon}${eol}`).join('');
  if (last === undefined) {
    // After a shebang line, else at the very top.
    const at = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
    return [...insertions, { at, text: lines }];
  }
  const newline = text.indexOf('\n', last.getEnd());
  const at = newline === -1 ? text.length : newline + 1;
  return [...insertions, { at, text: newline === -1 ? `${eol}${lines}` : lines }];
}

function quoted(module: string, declarations: readonly ImportDeclaration[]): string {
  const quote = declarations.at(-1)?.getModuleSpecifier().getText().startsWith('"') ? '"' : "'";
  return `${quote}${module}${quote}`;
}

function normalise(code: string): string {
  return code.replace(/\s+/g, '').replace(/,(?=[}\]])/g, '');
}

/** Whether a list's entry mentions an identifier (for entries that are object literals). */
export function mentions(identifier: string): (existing: string) => boolean {
  const pattern = new RegExp(`\\b${identifier}\\b`);
  return (existing) => pattern.test(existing);
}
