import type { Generated, Selectable } from 'kysely';
import {
  RepositoryModel,
  inSelectiveSyncRepositories,
  type GeneratedTimestamp,
  type GeoSite,
  type IdRange,
  type VerificationStateColumns,
} from 'geo-runtime';
import { ProjectRepositoryReplicator } from '../replicators/project-repository-replicator.ts';

export interface ProjectRepositoryTable extends VerificationStateColumns {
  id: Generated<number>;
  project_id: number;
  repository_storage: Generated<string>;
  disk_path: string;
  full_path: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

declare module 'geo-runtime' {
  interface MainDatabase {
    project_repositories: ProjectRepositoryTable;
  }
}

export type ProjectRepositoryRow = Selectable<ProjectRepositoryTable>;

export class ProjectRepository extends RepositoryModel<ProjectRepositoryRow> {
  static override readonly tableName = 'project_repositories';

  static override get replicatorClass() {
    return ProjectRepositoryReplicator;
  }

  /**
   * The project repositories this secondary should hold, by id within `range`.
   *
   * Decision: a project repository belongs to a project, so it follows its project's namespace
   * under selective sync by namespaces, and its own repository storage under selective sync by
   * shards.
   */
  static override async replicablesForCurrentSecondary(
    site: GeoSite,
    range: IdRange,
  ): Promise<number[]> {
    const rows = await site.mainDb
      .selectFrom('project_repositories')
      .select('project_repositories.id')
      .where('project_repositories.id', '>=', range.from)
      .where('project_repositories.id', '<=', range.to)
      .where(
        inSelectiveSyncRepositories(site, {
          projectId: 'project_repositories.project_id',
          repositoryStorage: 'project_repositories.repository_storage',
        }),
      )
      .orderBy('project_repositories.id')
      .execute();
    return rows.map((row) => row.id);
  }
}
