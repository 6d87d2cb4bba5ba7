import { describeOnEachEngine, itGetsRegistriesFor, useGeoSites } from 'geo-runtime/testing';
import { projectRepositoryRegistryFactory } from '../../factories/project-repository-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../geo-node-registry-fields.ts';

describeOnEachEngine('GraphQL API: projectRepositoryRegistries', (databases) => {
  const geo = useGeoSites(databases);

  itGetsRegistriesFor({
    geo,
    registryFields: GEO_NODE_REGISTRY_FIELDS,
    fieldName: 'projectRepositoryRegistries',
    registryClassName: 'ProjectRepositoryRegistry',
    registryFactory: projectRepositoryRegistryFactory,
    foreignKeyFieldName: 'projectRepositoryId',
  });
});
