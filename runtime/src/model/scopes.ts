import { sql, type RawBuilder } from 'kysely';
import type { GeoSite } from '../sites/geo-site.ts';
import { FILE_STORES } from '../uploader/uploader.ts';

/**
 * Selective sync for records that belong to a project: true for every project when the site
 * syncs everything, else for projects in the selected namespaces (and their descendants) or on
 * the selected shards. `projectIdColumn` is a qualified column such as `package_files.project_id`.
 */
export function inSelectiveSyncProjects(
  site: GeoSite,
  projectIdColumn: string,
): RawBuilder<boolean> {
  const selective = site.node.selectiveSync;
  const projectId = sql.ref(projectIdColumn);
  switch (selective.type) {
    case 'none':
      return sql<boolean>`TRUE`;
    case 'namespaces':
      return sql<boolean>`${projectId} IN (
        SELECT projects.id FROM projects WHERE projects.namespace_id IN (
          WITH RECURSIVE selected(id) AS (
            SELECT id FROM namespaces WHERE id = ANY(${[...selective.namespaceIds]}::bigint[])
            UNION
            SELECT namespaces.id FROM namespaces JOIN selected ON namespaces.parent_id = selected.id
          )
          SELECT id FROM selected))`;
    case 'shards':
      return sql<boolean>`${projectId} IN (
        SELECT projects.id FROM projects WHERE projects.repository_storage = ANY(${[...selective.shards]}::text[]))`;
  }
}

/**
 * Selective sync for records that belong to a namespace (a group's wiki, a group's uploads):
 * true for every namespace when the site syncs everything; by namespaces, the selected ones and
 * their descendants; by shards, the namespaces holding a project on a selected shard and their
 * ancestors. A namespace is on no shard itself, so, as GitLab decides for group-owned data, it
 * follows the projects under it: a secondary holding a project also holds its groups' data.
 * `namespaceIdColumn` is a qualified column such as `group_wikis.namespace_id`.
 */
export function inSelectiveSyncNamespaces(
  site: GeoSite,
  namespaceIdColumn: string,
): RawBuilder<boolean> {
  const selective = site.node.selectiveSync;
  const namespaceId = sql.ref(namespaceIdColumn);
  switch (selective.type) {
    case 'none':
      return sql<boolean>`TRUE`;
    case 'namespaces':
      return sql<boolean>`${namespaceId} IN (
        WITH RECURSIVE selected(id) AS (
          SELECT id FROM namespaces WHERE id = ANY(${[...selective.namespaceIds]}::bigint[])
          UNION
          SELECT namespaces.id FROM namespaces JOIN selected ON namespaces.parent_id = selected.id
        )
        SELECT id FROM selected)`;
    case 'shards':
      return sql<boolean>`${namespaceId} IN (
        WITH RECURSIVE selected(id) AS (
          SELECT projects.namespace_id FROM projects
            WHERE projects.repository_storage = ANY(${[...selective.shards]}::text[])
          UNION
          SELECT namespaces.parent_id FROM namespaces JOIN selected ON namespaces.id = selected.id
            WHERE namespaces.parent_id IS NOT NULL
        )
        SELECT id FROM selected)`;
  }
}

/**
 * The object-storage rule: files in object storage are replicated only to sites with
 * `sync_object_storage`; otherwise the storage layer replicates them itself.
 */
export function inReplicableStorage(site: GeoSite, fileStoreColumn: string): RawBuilder<boolean> {
  return site.node.syncObjectStorage
    ? sql<boolean>`TRUE`
    : sql<boolean>`${sql.ref(fileStoreColumn)} = ${FILE_STORES.local}`;
}

/** Who a repository belongs to: the column naming its project or namespace, or none (the instance). */
export type RepositoryOwnerColumn =
  { readonly projectId: string } | { readonly namespaceId: string } | { readonly instance: true };

/**
 * Selective sync for repositories (`replicablesForCurrentSecondary` of the original's project
 * repositories and group wikis): every one when the site syncs everything; by shards, the
 * repositories on the selected storages (the repository's own `repository_storage`, whoever owns
 * it); by namespaces, those whose project, or namespace, is in a selected namespace or its
 * descendants, and every repository of the instance (it belongs to no namespace to leave out).
 */
export function inSelectiveSyncRepositories(
  site: GeoSite,
  columns: RepositoryOwnerColumn & { readonly repositoryStorage: string },
): RawBuilder<boolean> {
  const selective = site.node.selectiveSync;
  switch (selective.type) {
    case 'none':
      return sql<boolean>`TRUE`;
    case 'namespaces':
      if ('projectId' in columns) return inSelectiveSyncProjects(site, columns.projectId);
      if ('namespaceId' in columns) return inSelectiveSyncNamespaces(site, columns.namespaceId);
      return sql<boolean>`TRUE`;
    case 'shards':
      return sql<boolean>`${sql.ref(columns.repositoryStorage)} = ANY(${[...selective.shards]}::text[])`;
  }
}
