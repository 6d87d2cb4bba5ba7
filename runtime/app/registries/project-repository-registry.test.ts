import {
  describeOnEachEngine,
  itBehavesLikeAGeoFrameworkRegistry,
  itBehavesLikeAGeoVerifiableRegistry,
  useGeoSites,
} from 'geo-runtime/testing';
import { projectRepositoryRegistryFactory } from '../factories/project-repository-registry-factory.ts';
import { ProjectRepositoryRegistry } from './project-repository-registry.ts';

describeOnEachEngine('ProjectRepositoryRegistry', (databases) => {
  const geo = useGeoSites(databases);
  const examples = {
    registryClass: ProjectRepositoryRegistry,
    factory: projectRepositoryRegistryFactory,
    geo,
  };

  itBehavesLikeAGeoFrameworkRegistry(examples);
  itBehavesLikeAGeoVerifiableRegistry(examples);
});
