import { Node } from '../ts-morph.ts';
import { findArrayLiteral } from './array-entry.ts';
import { commaList, cutSpans, removalSpans } from './comma-list.ts';
import { PatchTargetNotFoundError } from './errors.ts';
import { parseSource } from './typescript-source.ts';

export type RemovePropertyResult =
  | { readonly kind: 'removed'; readonly text: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'no-entry' };

/**
 * Removes one property (e.g. `featureFlag`) from the object entry of a list that `identifies`
 * picks, with its comments and its comma; the rest of the file is left as it is.
 */
export async function removeEntryProperty(
  text: string,
  target: {
    readonly file: string;
    readonly symbol: string;
    readonly identifies: (entry: Node) => boolean;
    readonly property: string;
  },
): Promise<RemovePropertyResult> {
  const source = await parseSource(target.file, text);
  const list = findArrayLiteral(source, target.file, target.symbol);
  const entry = list.getElements().find(target.identifies);
  if (entry === undefined) return { kind: 'no-entry' };
  if (!Node.isObjectLiteralExpression(entry)) {
    throw new PatchTargetNotFoundError(
      target.file,
      target.symbol,
      'its entry is not an object literal',
    );
  }
  const property = entry.getProperty(target.property);
  if (property === undefined) return { kind: 'absent' };
  const spans = removalSpans(text, commaList(entry, entry.getProperties()), [property]);
  return { kind: 'removed', text: cutSpans(text, spans) };
}
