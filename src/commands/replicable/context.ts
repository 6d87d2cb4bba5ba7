import type { Host } from '../../host/resolve-host.ts';
import type { Names } from '../../naming/names.ts';
import type { Tree } from '../../tree/tree.ts';
import type { ReplicableOptions } from './options.ts';

/** Everything a template or patch of `geo-gen replicable` may depend on. */
export interface ReplicableContext {
  readonly names: Names;
  readonly options: ReplicableOptions;
  readonly host: Host;
  /** The run's clock, for migration timestamps. */
  readonly now: Date;
  /** A note for the user on stderr. */
  readonly warn: (message: string) => void;
}

/**
 * A change to existing host files (e.g. adding the replicator to `REPLICATOR_CLASSES`), applied
 * to the Tree after the templates are rendered and before formatting. A patch that cannot find
 * what it edits throws a RefusedError naming the file and the symbol.
 */
export type ReplicablePatch = (tree: Tree, context: ReplicableContext) => void | Promise<void>;
