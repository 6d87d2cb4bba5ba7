import {
  describeOnEachEngine,
  itBehavesLikeAFrameworkRegistryFinder,
  useGeoSites,
} from 'geo-runtime/testing';
import { projectRepositoryRegistryFactory } from '../factories/project-repository-registry-factory.ts';
import { ProjectRepositoryRegistryFinder } from './project-repository-registry-finder.ts';

describeOnEachEngine('ProjectRepositoryRegistryFinder', (databases) => {
  const geo = useGeoSites(databases);

  itBehavesLikeAFrameworkRegistryFinder({
    finder: ProjectRepositoryRegistryFinder,
    registryFactory: projectRepositoryRegistryFactory,
    geo,
  });
});
