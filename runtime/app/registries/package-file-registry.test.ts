import {
  describeOnEachEngine,
  itBehavesLikeAGeoFrameworkRegistry,
  itBehavesLikeAGeoVerifiableRegistry,
  useGeoSites,
} from 'geo-runtime/testing';
import { packageFileRegistryFactory } from '../factories/package-file-registry-factory.ts';
import { PackageFileRegistry } from './package-file-registry.ts';

describeOnEachEngine('PackageFileRegistry', (databases) => {
  const geo = useGeoSites(databases);
  const examples = { registryClass: PackageFileRegistry, factory: packageFileRegistryFactory, geo };

  itBehavesLikeAGeoFrameworkRegistry(examples);
  itBehavesLikeAGeoVerifiableRegistry(examples);
});
