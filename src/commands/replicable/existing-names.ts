import type { Host } from '../../host/resolve-host.ts';
import type { ExistingNames } from '../../naming/collisions.ts';
import type { Tree } from '../../tree/tree.ts';
import { FRAMEWORK_TABLES } from '../../naming/framework-tables.ts';

/** Reads the replicators and tables a host already has, to refuse a data type reusing them. */
export type ExistingNamesReader = (
  tree: Tree,
  host: Host,
) => ExistingNames | Promise<ExistingNames>;

/** Knows no names: for tests of the machinery on hosts that are not real ones. */
export const readNoExistingNames: ExistingNamesReader = () => ({
  replicators: [],
  registryTables: [],
  tables: [],
});

/**
 * Reads the host's replicator classes (by AST, wherever they are) and the tables its migrations
 * create in each database (its layout's migration folders), besides the framework's own. The
 * analysis is loaded lazily.
 */
export const readHostExistingNames: ExistingNamesReader = async (_tree, host) => {
  const [{ scanHost, isTestFile }, { createdTables }] = await Promise.all([
    import('../../analysis/host-scan.ts'),
    import('../../analysis/migrations.ts'),
  ]);
  const scan = await scanHost(host);
  return {
    replicators: scan.classes
      .withRole('replicator')
      .filter((replicator) => !isTestFile(replicator.file))
      .map((replicator) => replicator.name),
    registryTables: [
      ...FRAMEWORK_TABLES.tracking,
      ...createdTables(scan.sources, host.config.layout.trackingMigrationsDir).keys(),
    ],
    tables: [
      ...FRAMEWORK_TABLES.main,
      ...createdTables(scan.sources, host.config.layout.mainMigrationsDir).keys(),
    ],
  };
};
