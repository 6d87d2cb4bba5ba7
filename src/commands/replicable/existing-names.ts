import type { Host } from '../../host/resolve-host.ts';
import type { HostSources } from '../../analysis/host-sources.ts';
import type { ExistingNames } from '../../naming/collisions.ts';
import type { Names } from '../../naming/names.ts';
import type { Tree } from '../../tree/tree.ts';
import { FRAMEWORK_TABLES } from '../../naming/framework-tables.ts';

/**
 * Reads the replicators and tables a host already has, to refuse a data type reusing them. Only
 * the names `wanted` need be found: a reader may leave out any other.
 */
export type ExistingNamesReader = (
  tree: Tree,
  host: Host,
  wanted: Names,
) => ExistingNames | Promise<ExistingNames>;

/** Knows no names: for tests of the machinery on hosts that are not real ones. */
export const readNoExistingNames: ExistingNamesReader = () => ({
  replicators: [],
  registryTables: [],
  tables: [],
});

/**
 * Reads the host's replicator classes (by AST, wherever they are) and the tables its migrations
 * create in each database (its layout's migration folders), besides the framework's own. A class
 * or table can only be declared in a file whose text holds its name, so the host is parsed only
 * where a wanted name occurs: a new data type's names usually occur nowhere, and then nothing is
 * parsed. The analysis is loaded lazily.
 */
export const readHostExistingNames: ExistingNamesReader = async (_tree, host, wanted) => {
  const { HostSources } = await import('../../analysis/host-sources.ts');
  const sources = await HostSources.load(host.root);
  const mentioning = (name: string): string[] =>
    sources.paths.filter((path) => sources.text(path)?.includes(name) === true);
  const tables = [wanted.registryTable, wanted.tableName, wanted.statesTable];
  const tableFiles = new Set(tables.flatMap(mentioning));
  const [replicators, { createdTables }] = await Promise.all([
    mentioning(wanted.replicatorClass).length > 0 ? hostReplicators(sources, host) : [],
    import('../../analysis/migrations.ts'),
  ]);
  const createdIn = (folder: string): string[] =>
    tableFiles.size === 0 ? [] : [...createdTables(sources, folder, tableFiles).keys()];
  return {
    replicators,
    registryTables: [
      ...FRAMEWORK_TABLES.tracking,
      ...createdIn(host.config.layout.trackingMigrationsDir),
    ],
    tables: [...FRAMEWORK_TABLES.main, ...createdIn(host.config.layout.mainMigrationsDir)],
  };
};

/** The concrete replicator classes outside test files (test doubles are not data types). */
async function hostReplicators(sources: HostSources, host: Host): Promise<string[]> {
  const [{ ClassIndex }, { SymbolResolver }, { isTestFile }] = await Promise.all([
    import('../../analysis/class-index.ts'),
    import('../../analysis/symbols.ts'),
    import('../../analysis/host-scan.ts'),
  ]);
  const classes = new ClassIndex(sources, new SymbolResolver(sources, host.config.runtimePackage));
  return classes
    .withRole('replicator')
    .filter((replicator) => !isTestFile(replicator.file))
    .map((replicator) => replicator.name);
}
