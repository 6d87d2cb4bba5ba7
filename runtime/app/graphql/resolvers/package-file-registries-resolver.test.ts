import { describeOnEachEngine, useGeoSites } from 'geo-runtime/testing';
import { itBehavesLikeAGeoRegistriesResolver } from '../../../src/testing/shared/graphql-examples.ts';
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
