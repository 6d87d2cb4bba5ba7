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
 * The object-storage rule: files in object storage are replicated only to sites with
 * `sync_object_storage`; otherwise the storage layer replicates them itself.
 */
export function inReplicableStorage(site: GeoSite, fileStoreColumn: string): RawBuilder<boolean> {
  return site.node.syncObjectStorage
    ? sql<boolean>`TRUE`
    : sql<boolean>`${sql.ref(fileStoreColumn)} = ${FILE_STORES.local}`;
}

/**
 * Selective sync for repositories that belong to a project (`replicablesForCurrentSecondary` of
 * the original's project repositories): every one when the site syncs everything; by shards, the
 * repositories on the selected storages (the repository's own `repository_storage`); by
 * namespaces, those whose project is in a selected namespace or its descendants.
 */
export function inSelectiveSyncRepositories(
  site: GeoSite,
  columns: { readonly projectId: string; readonly repositoryStorage: string },
): RawBuilder<boolean> {
  const selective = site.node.selectiveSync;
  switch (selective.type) {
    case 'none':
    case 'namespaces':
      return inSelectiveSyncProjects(site, columns.projectId);
    case 'shards':
      return sql<boolean>`${sql.ref(columns.repositoryStorage)} = ANY(${[...selective.shards]}::text[])`;
  }
}
