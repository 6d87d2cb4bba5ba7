import type { Node, SourceFile } from 'ts-morph';
import { SyntaxKind } from '../ts-morph.ts';
import { findArrayLiteral } from './array-entry.ts';
import { commaList, cutSpans, removalSpans, type Span } from './comma-list.ts';
import { wholeLines } from './text-span.ts';
import { parseSource } from './typescript-source.ts';

/** Entries to take out of a top-level array constant, found by what they mention. */
export interface RemoveEntriesPatch {
  readonly file: string;
  readonly symbol: string;
  readonly identifies: (entry: Node) => boolean;
  /**
   * Whether a module's imports may go once unused: the modules of the removed data type. An
   * unused import of anything else is the file owner's business and stays.
   */
  readonly ownsModule: (specifier: string) => boolean;
}

export type RemoveEntriesResult =
  | {
      readonly kind: 'removed';
      readonly text: string;
      readonly entries: number;
      /** Local names whose imports were removed. */
      readonly imports: readonly string[];
    }
  | { readonly kind: 'unchanged' };

/**
 * The reverse of `addArrayEntry`, by symbol rather than by replaying text: removes every entry
 * `identifies` picks, then the named imports of the data type's modules that nothing else in
 * the file uses (a declaration left empty goes whole). Found on the AST, removed as text spans
 * (each with its comma, its comments and its line), so every other byte stays as it was: what
 * `addArrayEntry` added goes, and the file is again what it was before.
 */
export async function removeListEntries(
  text: string,
  patch: RemoveEntriesPatch,
): Promise<RemoveEntriesResult> {
  const source = await parseSource(patch.file, text);
  const list = findArrayLiteral(source, patch.file, patch.symbol);
  const doomed = list.getElements().filter(patch.identifies);
  const spans: Span[] = removalSpans(text, commaList(list, list.getElements()), doomed);
  const inDoomed = (node: Node): boolean =>
    doomed.some((entry) => node.getStart() >= entry.getStart() && node.getEnd() <= entry.getEnd());
  const imports: string[] = [];
  for (const declaration of source.getImportDeclarations()) {
    if (!patch.ownsModule(declaration.getModuleSpecifierValue())) continue;
    const named = declaration.getNamedImports();
    const unused = named.filter((specifier) => !isUsed(source, localName(specifier), inDoomed));
    if (unused.length === 0) continue;
    imports.push(...unused.map(localName));
    const whole =
      unused.length === named.length &&
      declaration.getDefaultImport() === undefined &&
      declaration.getNamespaceImport() === undefined;
    if (whole) spans.push(wholeLines(text, declaration.getStart(), declaration.getEnd()));
    else {
      const specifiers = declaration.getImportClauseOrThrow().getNamedBindingsOrThrow();
      spans.push(...removalSpans(text, commaList(specifiers, named), unused));
    }
  }
  if (spans.length === 0) return { kind: 'unchanged' };
  return { kind: 'removed', text: cutSpans(text, spans), entries: doomed.length, imports };
}

function localName(specifier: { getName(): string; getAliasNode(): Node | undefined }): string {
  return specifier.getAliasNode()?.getText() ?? specifier.getName();
}

/** Whether a name is used in the file outside its imports and the entries being removed. */
function isUsed(source: SourceFile, name: string, removed: (node: Node) => boolean): boolean {
  return source
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .some(
      (identifier) =>
        identifier.getText() === name &&
        identifier.getFirstAncestorByKind(SyntaxKind.ImportDeclaration) === undefined &&
        !removed(identifier),
    );
}

/** Whether an entry is, or contains, one of the identifiers. */
export function mentionsAny(names: ReadonlySet<string>): (entry: Node) => boolean {
  return (entry) =>
    (entry.getKind() === SyntaxKind.Identifier && names.has(entry.getText())) ||
    entry
      .getDescendantsOfKind(SyntaxKind.Identifier)
      .some((identifier) => names.has(identifier.getText()));
}
