import { RegistriesResolver } from 'geo-runtime/graphql';
import { ProjectRepositoryRegistryFinder } from '../../finders/project-repository-registry-finder.ts';

/** Resolves `GeoNode.projectRepositoryRegistries`. */
export class ProjectRepositoryRegistriesResolver extends RegistriesResolver {
  static override get finder() {
    return ProjectRepositoryRegistryFinder;
  }
}
