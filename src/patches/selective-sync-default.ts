import type { Owner, Strategy } from '../generate/strategies.ts';
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

const CHANGE_IT = 'change it if selective sync should follow another relation.';

/** The object-storage rule every blob default starts with. */
const storageFilter = (table: string): string =>
  `  .where(inReplicableStorage(site, '${table}.file_store'))`;

/** A repository default: its owner's column (or the instance) and its own storage. */
function repositoryFilters(owner: string): (table: string) => string {
  return (table) =>
    '  .where(\n' +
    '    inSelectiveSyncRepositories(site, {\n' +
    `      ${owner.replaceAll('{table}', table)},\n` +
    `      repositoryStorage: '${table}.repository_storage',\n` +
    '    }),\n' +
    '  )';
}

export const SELECTIVE_SYNC_DEFAULTS: {
  readonly [S in Strategy]: { readonly [O in Owner]: SelectiveSyncDefault };
} = {
  blob: {
    project: {
      imports: ['inReplicableStorage', 'inSelectiveSyncProjects'],
      decision: (names) =>
        `Decision: this default assumes ${names.humanNameWithArticle} belongs to a project (\`project_id\`) and has a\n` +
        `\`file_store\`; ${CHANGE_IT}`,
      filters: (table) =>
        `${storageFilter(table)}\n` +
        `  .where(inSelectiveSyncProjects(site, '${table}.project_id'))`,
    },
    namespace: {
      imports: ['inReplicableStorage', 'inSelectiveSyncNamespaces'],
      decision: (names) =>
        `Decision: this default assumes ${names.humanNameWithArticle} belongs to a namespace (\`namespace_id\`) and\n` +
        `has a \`file_store\`; ${CHANGE_IT}`,
      filters: (table) =>
        `${storageFilter(table)}\n` +
        `  .where(inSelectiveSyncNamespaces(site, '${table}.namespace_id'))`,
    },
    none: {
      imports: ['inReplicableStorage'],
      decision: (names) =>
        `Decision: this default assumes ${names.humanNameWithArticle} belongs to the instance, so every secondary\n` +
        `holds it whatever its selective sync, and has a \`file_store\`; ${CHANGE_IT}`,
      filters: storageFilter,
    },
  },
  repository: {
    project: {
      imports: ['inSelectiveSyncRepositories'],
      decision: (names) =>
        `Decision: this default assumes ${names.humanNameWithArticle} belongs to a project (\`project_id\`), so it\n` +
        "follows its project's namespace under selective sync by namespaces, and its own\n" +
        '`repository_storage` under selective sync by shards; change it if selective sync should\n' +
        'follow another relation.',
      filters: repositoryFilters("projectId: '{table}.project_id'"),
    },
    namespace: {
      imports: ['inSelectiveSyncRepositories'],
      decision: (names) =>
        `Decision: this default assumes ${names.humanNameWithArticle} belongs to a namespace (\`namespace_id\`), so\n` +
        'it follows that namespace under selective sync by namespaces, and its own\n' +
        `\`repository_storage\` under selective sync by shards; ${CHANGE_IT}`,
      filters: repositoryFilters("namespaceId: '{table}.namespace_id'"),
    },
    none: {
      imports: ['inSelectiveSyncRepositories'],
      decision: (names) =>
        `Decision: this default assumes ${names.humanNameWithArticle} belongs to the instance, so every secondary\n` +
        'holds it under selective sync by namespaces, and under selective sync by shards those on its\n' +
        `own \`repository_storage\`; ${CHANGE_IT}`,
      filters: repositoryFilters('instance: true'),
    },
  },
};
