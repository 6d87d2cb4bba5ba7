import { fileURLToPath } from 'node:url';
import type { HostConfig } from '../../host/config.ts';
import { hostLayout } from '../../host/layout.ts';
import { hostLists, type ListLocation } from '../../host/lists.ts';
import { findArrayLiteral } from '../../patches/array-entry.ts';
import { PatchTargetNotFoundError } from '../../patches/errors.ts';
import { hasTable } from '../../patches/markdown-table.ts';
import { parseSource } from '../../patches/typescript-source.ts';
import type { Tree } from '../../tree/tree.ts';

/** The templates of `geo-gen init`, one per file it writes. */
export const INIT_TEMPLATES = fileURLToPath(new URL('../../../templates/init', import.meta.url));

/** A file `init` writes unless the application has one: rendered from `template` with `data`. */
export interface InitFile {
  readonly path: string;
  readonly template: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Why the application's own file at `path` cannot serve geo-gen, or undefined when it can. */
  readonly lacks: (text: string) => Promise<string | undefined>;
}

/** The folders an application needs to exist, kept in version control by a `.gitkeep`. */
export interface InitFolder {
  readonly path: string;
  /** For the report: what the folder holds. */
  readonly holds: string;
}

/** Every file of a Geo host that `geo-gen replicable` patches or geo-runtime reads. */
export function initFiles(config: HostConfig, tree: Tree): InitFile[] {
  const lists = hostLists(config);
  const { runtimePackage } = config;
  const layout = hostLayout(config);
  const list = (location: ListLocation, template: string): InitFile => ({
    path: location.file,
    template,
    data: { runtimePackage, symbol: location.symbol },
    lacks: (text) => lacksList(location, text),
  });
  const doc = (path: string, template: string): InitFile => ({
    path,
    template,
    data: {},
    lacks: async (text) =>
      hasTable(text) ? undefined : 'it has no Markdown table for geo-gen to add rows to',
  });
  return [
    list(lists.replicatorClasses, 'replicator-classes.ts.ejs'),
    list(lists.registryFields, 'registry-fields.ts.ejs'),
    list(lists.statusSpecTable, 'status-spec-table.test.ts.ejs'),
    doc(layout.dataTypesDoc, 'data-types.md'),
    doc(lists.statusApiDoc, 'geo-nodes.md'),
    doc(lists.metricsDoc, 'metrics.md'),
    vitestConfig(config, tree),
  ];
}

/** The folders geo-runtime reads and `geo-gen replicable` writes into. */
export function initFolders(config: HostConfig): InitFolder[] {
  const layout = hostLayout(config);
  return [
    { path: layout.mainMigrationsDir, holds: "the main database's migrations" },
    { path: layout.trackingMigrationsDir, holds: "the tracking database's migrations" },
    { path: layout.featureFlagsDir, holds: 'the feature flag definitions' },
  ];
}

/** Where vitest looks for its configuration, in its order of preference. */
const VITEST_CONFIGS = ['vitest', 'vite'].flatMap((name) =>
  ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((ext) => `${name}.config.${ext}`),
);

/** The application's test set-up: its own vitest configuration if it has one, else geo-gen's. */
function vitestConfig(config: HostConfig, tree: Tree): InitFile {
  const globalSetup = `${config.runtimePackage}/testing/global-setup`;
  const folder = testFolder(config);
  const include = [folder === undefined ? '**/*.test.ts' : `${folder}/**/*.test.ts`];
  return {
    path: VITEST_CONFIGS.find((path) => tree.exists(path)) ?? 'vitest.config.ts',
    template: 'vitest.config.ts.ejs',
    data: { runtimePackage: config.runtimePackage, include },
    // The testing kit's set-up by its package name, or by path as in the in-repository host.
    lacks: async (text) =>
      text.includes('testing/global-setup')
        ? undefined
        : `its test options need globalSetup: ['${globalSetup}'] (it migrates the test ` +
          `databases) and include: ['${include.join("', '")}'] (the generated specs)`,
  };
}

/** The top folder of the application's tests, that of the status spec (`app`); none at the root. */
function testFolder(config: HostConfig): string | undefined {
  return topFolder(hostLists(config).statusSpecTable.file);
}

/** The first folder of a path relative to the root (`app` of `app/x.ts`); none for a root file. */
export function topFolder(path: string): string | undefined {
  const [first, ...rest] = path.split('/');
  return rest.length === 0 ? undefined : first;
}

async function lacksList(location: ListLocation, text: string): Promise<string | undefined> {
  try {
    findArrayLiteral(await parseSource(location.file, text), location.file, location.symbol);
    return undefined;
  } catch (error) {
    if (!(error instanceof PatchTargetNotFoundError)) throw error;
    return `geo-gen adds entries to its ${location.symbol} array, which it does not declare`;
  }
}
