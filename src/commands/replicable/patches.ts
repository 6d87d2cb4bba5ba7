import { WIRING_POINTS } from '../../wiring/index.ts';
import type { ReplicablePatch } from './context.ts';

/**
 * The patches of existing host files, applied in order after the templates are rendered: every
 * wiring point that `replicable` applies (the others are written by `release` only).
 */
export const REPLICABLE_PATCHES: readonly ReplicablePatch[] = WIRING_POINTS.flatMap((point) => {
  const { apply } = point;
  return apply === undefined
    ? []
    : [
        (tree, { names, host, warn, options }) =>
          apply.call(point, tree, {
            names,
            host,
            warn,
            strategy: options.strategy,
            owner: options.owner,
          }),
      ];
});
