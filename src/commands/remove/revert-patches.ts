import type { Tree } from '../../tree/tree.ts';
import { WIRING_POINTS } from '../../wiring/index.ts';
import type { Reverted, WiringTarget } from '../../wiring/wiring-point.ts';

/**
 * Takes the data type out of every wiring point `geo-gen replicable` (and `release`) wrote to,
 * by symbol: list entries mentioning its classes, the imports of its files that are left
 * unused, and the docs rows naming it. Files that are missing, or do not mention it, are left
 * alone, and so is a point without `revert` (the model's wiring).
 */
export async function revertPatches(
  tree: Tree,
  target: WiringTarget,
  generatedPaths: ReadonlySet<string>,
): Promise<Reverted[]> {
  const reverted: Reverted[] = [];
  for (const point of WIRING_POINTS) {
    const outcome = await point.revert?.(tree, { ...target, generatedPaths });
    if (outcome !== undefined) reverted.push(outcome);
  }
  return reverted;
}
