import type { Expression } from 'ts-morph';
import type { ListLocation } from '../host/lists.ts';
import { findArrayLiteral } from '../patches/array-entry.ts';
import { PatchTargetNotFoundError } from '../patches/errors.ts';
import type { HostSources } from './host-sources.ts';

/** One element of a host list, e.g. `PackageFileReplicator` in REPLICATOR_CLASSES. */
export interface ListElement {
  readonly node: Expression;
  readonly line: number;
}

/** A top-level `const` array of the host (REPLICATOR_CLASSES, GEO_NODE_REGISTRY_FIELDS), or why not. */
export type HostList =
  | {
      readonly kind: 'found';
      readonly file: string;
      readonly symbol: string;
      /** The line of the `const`. */
      readonly line: number;
      readonly elements: readonly ListElement[];
    }
  | {
      readonly kind: 'missing';
      readonly file: string;
      readonly symbol: string;
      readonly why: string;
    };

/** A host list that was found. */
export type FoundHostList = Extract<HostList, { kind: 'found' }>;

export function readHostList(sources: HostSources, location: ListLocation): HostList {
  const { file, symbol } = location;
  const source = sources.get(file);
  if (source === undefined) return { kind: 'missing', file, symbol, why: `${file} does not exist` };
  try {
    const list = findArrayLiteral(source, file, symbol);
    return {
      kind: 'found',
      file,
      symbol,
      line:
        source.getVariableDeclaration(symbol)?.getStartLineNumber() ?? list.getStartLineNumber(),
      elements: list.getElements().map((node) => ({ node, line: node.getStartLineNumber() })),
    };
  } catch (error) {
    if (!(error instanceof PatchTargetNotFoundError)) throw error;
    return {
      kind: 'missing',
      file,
      symbol,
      why: `${file} has no top-level const ${symbol} initialised with an array literal`,
    };
  }
}
