import { RepositoryReplicator } from 'geo-runtime';
import { ProjectRepository } from '../models/project-repository.ts';
import { ProjectRepositoryRegistry } from '../registries/project-repository-registry.ts';

export class ProjectRepositoryReplicator extends RepositoryReplicator<ProjectRepository> {
  static override get model() {
    return ProjectRepository;
  }

  static override get registryClass() {
    return ProjectRepositoryRegistry;
  }

  // Off while replication of project repositories is being built: the flag
  // geo_project_repository_replication turns it on. `geo-gen release ProjectRepository` removes this line.
  static override readonly replicationEnabledByDefault = false;
}
