import { FrameworkRegistryFinder } from 'geo-runtime/graphql';
import { ProjectRepositoryRegistry } from '../registries/project-repository-registry.ts';

/**
 * Project repository registries of this secondary, filtered by ids, replication and
 * verification state.
 */
export class ProjectRepositoryRegistryFinder extends FrameworkRegistryFinder {
  static override get registryClass() {
    return ProjectRepositoryRegistry;
  }
}
