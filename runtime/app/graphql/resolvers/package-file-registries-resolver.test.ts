import {
  describeOnEachEngine,
  itBehavesLikeAGeoRegistriesResolver,
  useGeoSites,
} from 'geo-runtime/testing';
import { packageFileRegistryFactory } from '../../factories/package-file-registry-factory.ts';
import { PackageFileRegistriesResolver } from './package-file-registries-resolver.ts';

describeOnEachEngine('PackageFileRegistriesResolver', (databases) => {
  const geo = useGeoSites(databases);

  itBehavesLikeAGeoRegistriesResolver({
    resolver: PackageFileRegistriesResolver,
    registryFactory: packageFileRegistryFactory,
    geo,
  });
});
