import type { Host } from '../../host/resolve-host.ts';
import type { ExistingNames } from '../../naming/collisions.ts';
import type { Tree } from '../../tree/tree.ts';

/** Reads the replicators and tables a host already has, to refuse a data type reusing them. */
export type ExistingNamesReader = (
  tree: Tree,
  host: Host,
) => ExistingNames | Promise<ExistingNames>;

/**
 * The default reader knows no names yet: reading them needs the host's final replicator list
 * and schemas, and arrives with the patches. Until then collisions surface as file conflicts.
 */
export const readNoExistingNames: ExistingNamesReader = () => ({
  replicators: [],
  registryTables: [],
  tables: [],
});
