import { posix } from 'node:path';
import type { FoundHostList } from '../analysis/host-list.ts';
import { readHostList } from '../analysis/host-list.ts';
import type { HostSources } from '../analysis/host-sources.ts';
import { resolveRelativeModule } from '../analysis/module-path.ts';
import { isRegistryFieldFor } from '../analysis/registry-field-entry.ts';
import { hostImportExtension, inHostStyle } from '../host/import-extension.ts';
import { hostLists, type ListLocation } from '../host/lists.ts';
import type { Host } from '../host/resolve-host.ts';
import type { Names } from '../naming/names.ts';
import { addArrayEntry, findArrayLiteral, type NamedImport } from '../patches/array-entry.ts';
import { PatchTargetNotFoundError } from '../patches/errors.ts';
import { mentionsAny, removeListEntries } from '../patches/remove-list-entries.ts';
import { parseSource } from '../patches/typescript-source.ts';
import type { Tree } from '../tree/tree.ts';
import type { Reverted, WiringCheck, WiringTarget } from './wiring-point.ts';

/** The host lists that are `const` arrays, by their geo.config.json `"lists"` key. */
export type ListKey = 'replicatorClasses' | 'statusSpecTable' | 'registryFields';

/** Where the host keeps a list (its configuration's `"lists"` over the defaults). */
export function listLocation(host: Host, key: ListKey): ListLocation {
  return hostLists(host.config)[key];
}

/** `./replicators/cool-widget-replicator.ts` as seen from the list's file, in the host's style. */
function importPath(fromFile: string, target: string, host: Host): string {
  const path = posix.relative(posix.dirname(fromFile), target);
  return inHostStyle(path.startsWith('.') ? path : `./${path}`, hostImportExtension(host.config));
}

/** Adds an entry and the imports it needs to a host list, once; notes a half-wired list. */
export async function addListEntry(
  tree: Tree,
  target: WiringTarget,
  location: ListLocation,
  entry: string,
  imports: readonly { name: string; file: string }[],
  identifies?: (existing: string) => boolean,
): Promise<void> {
  const text = tree.read(location.file);
  if (text === undefined)
    throw new PatchTargetNotFoundError(location.file, location.symbol, 'the file does not exist');
  const namedImports: NamedImport[] = imports.map(({ name, file }) => ({
    name,
    module: importPath(location.file, file, target.host),
  }));
  const result = await addArrayEntry(text, {
    file: location.file,
    symbol: location.symbol,
    entry,
    imports: namedImports,
    ...(identifies && { identifies }),
  });
  for (const note of result.notes) target.warn(note);
  if (result.kind === 'added') tree.write(location.file, result.text);
}

/**
 * Whether a list entry is the data type's: it mentions one of its classes, or it is its
 * registries field. Every list point reverts by this one test, so an entry of the data type
 * that ended up in another list goes too.
 */
export function isDataTypeEntry(
  names: Names,
): Parameters<typeof removeListEntries>[1]['identifies'] {
  const mentioned = mentionsAny(
    new Set([names.replicatorClass, names.registryTypeClass, names.registriesResolverClass]),
  );
  return (entry) => mentioned(entry) || isRegistryFieldFor(entry, names);
}

/** Takes the data type's entries out of a list, with the imports of its files left unused. */
export async function removeListEntry(
  tree: Tree,
  location: ListLocation,
  names: Names,
  generatedPaths: ReadonlySet<string>,
): Promise<Reverted | undefined> {
  const text = tree.read(location.file);
  if (text === undefined) return undefined;
  const result = await removeListEntries(text, {
    file: location.file,
    symbol: location.symbol,
    identifies: isDataTypeEntry(names),
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

/** Whether the list (missing counts as empty) has an entry `identifies` picks. */
export async function listHasEntry(
  tree: Tree,
  location: ListLocation,
  identifies: Parameters<typeof removeListEntries>[1]['identifies'],
): Promise<boolean> {
  const text = tree.read(location.file);
  if (text === undefined) return false;
  const source = await parseSource(location.file, text);
  try {
    return findArrayLiteral(source, location.file, location.symbol).getElements().some(identifies);
  } catch (error) {
    if (error instanceof PatchTargetNotFoundError) return false;
    throw error;
  }
}

/**
 * A list as the check reads it, or why the check cannot tell what is wired: a list that is not
 * where the configuration says stops the whole check rather than giving findings.
 */
export function listForCheck(
  sources: HostSources,
  host: Host,
  key: ListKey,
  judge: (list: FoundHostList) => WiringCheck,
): WiringCheck {
  const location = listLocation(host, key);
  const found = readHostList(sources, location);
  if (found.kind === 'found') return judge(found);
  return {
    kind: 'cannot-tell',
    why:
      `${found.why}, so the check cannot tell what is wired. Restore it, or point ` +
      `geo.config.json "lists.${key}" at { "file", "symbol" } where ${location.symbol} lives now.`,
  };
}
