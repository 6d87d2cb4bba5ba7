import { Node, type ArrayLiteralExpression, type SourceFile } from 'ts-morph';
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
 * nothing. Existing entries, formatting and comments are kept. A half-wired host (imported but not
 * listed, or listed but not imported) is completed and reported in `notes`.
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
  for (const needed of missingImports) addNamedImport(source, needed);
  if (!listed)
    list.addElement(patch.entry, {
      useNewLines: list.getElements().length > 0 || patch.entry.length > 40,
    });
  return { kind: 'added', text: source.getFullText(), notes };
}

function addNamedImport(source: SourceFile, needed: NamedImport): void {
  const existing = source
    .getImportDeclarations()
    .find(
      (declaration) =>
        declaration.getModuleSpecifierValue() === needed.module && !declaration.isTypeOnly(),
    );
  if (existing) {
    existing.addNamedImport(needed.name);
    return;
  }
  const imports = source.getImportDeclarations();
  const index = imports.length === 0 ? 0 : imports[imports.length - 1]!.getChildIndex() + 1;
  source.insertImportDeclaration(index, {
    namedImports: [needed.name],
    moduleSpecifier: needed.module,
  });
}

function normalise(code: string): string {
  return code.replace(/\s+/g, '').replace(/,(?=[}\]])/g, '');
}

/** Whether a list's entry mentions an identifier (for entries that are object literals). */
export function mentions(identifier: string): (existing: string) => boolean {
  const pattern = new RegExp(`\\b${identifier}\\b`);
  return (existing) => pattern.test(existing);
}
