---
to: app/graphql/requests/<%= h.changeCase.paramCase(name) %>-registries.test.ts
---
import { describeOnEachEngine, itGetsRegistriesFor, useGeoSites } from 'geo-runtime/testing';
import { <%= h.changeCase.camelCase(name) %>RegistryFactory } from '../../factories/<%= h.changeCase.paramCase(name) %>-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../geo-node-registry-fields.ts';

describeOnEachEngine('GraphQL API: <%= h.changeCase.camelCase(name) %>Registries', (databases) => {
  const geo = useGeoSites(databases);

  itGetsRegistriesFor({
    geo,
    registryFields: GEO_NODE_REGISTRY_FIELDS,
    fieldName: '<%= h.changeCase.camelCase(name) %>Registries',
    registryClassName: '<%= name %>Registry',
    registryFactory: <%= h.changeCase.camelCase(name) %>RegistryFactory,
    foreignKeyFieldName: '<%= h.changeCase.camelCase(name) %>Id',
  });
});
