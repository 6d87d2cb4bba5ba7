import type { ReplicablePatch } from './context.ts';

/**
 * The patches of existing host lists, applied in order after the templates are rendered:
 * REPLICATOR_CLASSES, the consistency worker's registry list, the Geo node GraphQL type, the
 * status spec table, the metrics and API docs tables. Added with the host's final files.
 */
export const REPLICABLE_PATCHES: readonly ReplicablePatch[] = [];
