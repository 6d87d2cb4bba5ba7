import type { Strategy } from '../generate/strategies.ts';
import type { Names } from '../naming/names.ts';

/**
 * The default `replicablesForCurrentSecondary` an existing model gets when it is wired: which
 * records a secondary holds under selective sync, as the templates' models decide it.
 */
export interface SelectiveSyncDefault {
  /** What the method imports from the runtime package (values; `GeoSite` and `IdRange` aside). */
  readonly imports: readonly string[];
  /** The decision the default takes for the user, for its doc comment. */
  readonly decision: (names: Names) => string;
  /** The `.where(…)` calls that select the secondary's records of `table`. */
  readonly filters: (table: string) => string;
}

export const SELECTIVE_SYNC_DEFAULTS: { readonly [S in Strategy]: SelectiveSyncDefault } = {
  blob: {
    imports: ['inReplicableStorage', 'inSelectiveSyncProjects'],
    decision: (names) =>
      `Decision: this default assumes a ${names.humanName} belongs to a project (\`project_id\`) and has a\n` +
      '`file_store`; change it if selective sync should follow another relation.',
    filters: (table) =>
      `  .where(inReplicableStorage(site, '${table}.file_store'))\n` +
      `  .where(inSelectiveSyncProjects(site, '${table}.project_id'))`,
  },
  repository: {
    imports: ['inSelectiveSyncRepositories'],
    decision: (names) =>
      `Decision: this default assumes a ${names.humanName} belongs to a project (\`project_id\`), so it\n` +
      "follows its project's namespace under selective sync by namespaces, and its own\n" +
      '`repository_storage` under selective sync by shards; change it if selective sync should\n' +
      'follow another relation.',
    filters: (table) =>
      '  .where(\n' +
      '    inSelectiveSyncRepositories(site, {\n' +
      `      projectId: '${table}.project_id',\n` +
      `      repositoryStorage: '${table}.repository_storage',\n` +
      '    }),\n' +
      '  )',
  },
};
