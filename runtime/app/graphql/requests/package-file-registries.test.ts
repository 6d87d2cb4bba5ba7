import { describeOnEachEngine, itGetsRegistriesFor, useGeoSites } from 'geo-runtime/testing';
import { packageFileRegistryFactory } from '../../factories/package-file-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../geo-node-registry-fields.ts';

describeOnEachEngine('GraphQL API: packageFileRegistries', (databases) => {
  const geo = useGeoSites(databases);

  itGetsRegistriesFor({
    geo,
    registryFields: GEO_NODE_REGISTRY_FIELDS,
    fieldName: 'packageFileRegistries',
    registryClassName: 'PackageFileRegistry',
    registryFactory: packageFileRegistryFactory,
    foreignKeyFieldName: 'packageFileId',
  });
});
