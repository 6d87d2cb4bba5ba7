import {
  describeOnEachEngine,
  itBehavesLikeAGeoRegistriesResolver,
  useGeoSites,
} from 'geo-runtime/testing';
import { projectRepositoryRegistryFactory } from '../../factories/project-repository-registry-factory.ts';
import { ProjectRepositoryRegistriesResolver } from './project-repository-registries-resolver.ts';

describeOnEachEngine('ProjectRepositoryRegistriesResolver', (databases) => {
  const geo = useGeoSites(databases);

  itBehavesLikeAGeoRegistriesResolver({
    resolver: ProjectRepositoryRegistriesResolver,
    registryFactory: projectRepositoryRegistryFactory,
    geo,
  });
});
