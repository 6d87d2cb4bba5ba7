import { resolveRelativeModule } from '../../analysis/module-path.ts';
import { isRegistryFieldFor } from '../../analysis/registry-field-entry.ts';
import { isDataTypeRow } from '../../host/data-types-table.ts';
import { hostLayout } from '../../host/layout.ts';
import { hostLists, type ListLocation } from '../../host/lists.ts';
import type { Host } from '../../host/resolve-host.ts';
import type { Names } from '../../naming/names.ts';
import { removeTableRows, splitCells } from '../../patches/markdown-rows.ts';
import { mentionsAny, removeListEntries } from '../../patches/remove-list-entries.ts';
import type { Tree } from '../../tree/tree.ts';
import { metricsDocRows, statusApiDocRows } from '../replicable/patches.ts';

/** One patched file put back, and what was taken out of it. */
export interface Reverted {
  readonly path: string;
  readonly what: string;
}

/**
 * Takes the data type out of every file `geo-gen replicable` (and `release`) patched, by symbol:
 * list entries mentioning its classes, the imports of its files that are left unused, and the
 * docs rows naming it. Files that are missing, or do not mention it, are left alone.
 */
export async function revertPatches(
  tree: Tree,
  host: Host,
  names: Names,
  generatedPaths: ReadonlySet<string>,
): Promise<Reverted[]> {
  const lists = hostLists(host.config);
  const classes = new Set([
    names.replicatorClass,
    names.registryTypeClass,
    names.registriesResolverClass,
  ]);
  const mentioned = mentionsAny(classes);
  const reverted: Reverted[] = [];
  for (const location of [lists.replicatorClasses, lists.registryFields, lists.statusSpecTable]) {
    const outcome = await revertList(
      tree,
      location,
      generatedPaths,
      (entry) => mentioned(entry) || isRegistryFieldFor(entry, names),
    );
    if (outcome !== undefined) reverted.push(outcome);
  }

  const firstCells = (rows: readonly string[]): Set<string> =>
    new Set(rows.map((row) => splitCells(row)[0] ?? ''));
  const docs: readonly [string, (row: readonly string[], header: readonly string[]) => boolean][] =
    [
      [lists.statusApiDoc, rowKeyIn(firstCells(statusApiDocRows(names)))],
      [lists.metricsDoc, rowKeyIn(firstCells(metricsDocRows(names)))],
      [hostLayout(host.config).dataTypesDoc, isDataTypeRow(names)],
    ];
  for (const [path, matches] of docs) {
    const text = tree.read(path);
    const updated = text === undefined ? undefined : removeTableRows(text, matches);
    if (updated === undefined) continue;
    tree.write(path, updated);
    reverted.push({ path, what: `removed the ${names.titlePlural} rows` });
  }
  return reverted;
}

async function revertList(
  tree: Tree,
  location: ListLocation,
  generatedPaths: ReadonlySet<string>,
  identifies: Parameters<typeof removeListEntries>[1]['identifies'],
): Promise<Reverted | undefined> {
  const text = tree.read(location.file);
  if (text === undefined) return undefined;
  const result = await removeListEntries(text, {
    file: location.file,
    symbol: location.symbol,
    identifies,
    ownsModule: (specifier) =>
      specifier.startsWith('.') &&
      resolveRelativeModule(location.file, specifier, (path) => generatedPaths.has(path)).kind ===
        'found',
  });
  if (result.kind === 'unchanged') return undefined;
  tree.write(location.file, result.text);
  const imports =
    result.imports.length === 0 ? '' : ` and the imports of ${result.imports.join(', ')}`;
  return {
    path: location.file,
    what: `removed ${result.entries === 1 ? 'its entry' : `${result.entries} entries`} from ${location.symbol}${imports}`,
  };
}

function rowKeyIn(keys: ReadonlySet<string>): (row: readonly string[]) => boolean {
  return (row) => keys.has(row[0] ?? '');
}
