import {
  describeOnEachEngine,
  itBehavesLikeAFrameworkRegistryFinder,
  useGeoSites,
} from 'geo-runtime/testing';
import { packageFileRegistryFactory } from '../factories/package-file-registry-factory.ts';
import { PackageFileRegistryFinder } from './package-file-registry-finder.ts';

describeOnEachEngine('PackageFileRegistryFinder', (databases) => {
  const geo = useGeoSites(databases);

  itBehavesLikeAFrameworkRegistryFinder({
    finder: PackageFileRegistryFinder,
    registryFactory: packageFileRegistryFactory,
    geo,
  });
});
