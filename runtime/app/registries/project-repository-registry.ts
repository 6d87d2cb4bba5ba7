import type { RepositoryRegistryTable } from 'geo-runtime';
import { RepositoryRegistry } from 'geo-runtime';
import { ProjectRepository } from '../models/project-repository.ts';

export interface ProjectRepositoryRegistryTable extends RepositoryRegistryTable {
  project_repository_id: number;
}

declare module 'geo-runtime' {
  interface TrackingDatabase {
    project_repository_registry: ProjectRepositoryRegistryTable;
  }
}

export class ProjectRepositoryRegistry extends RepositoryRegistry {
  static override readonly tableName = 'project_repository_registry';
  static override readonly modelForeignKey = 'project_repository_id';

  static override get modelClass() {
    return ProjectRepository;
  }
}
