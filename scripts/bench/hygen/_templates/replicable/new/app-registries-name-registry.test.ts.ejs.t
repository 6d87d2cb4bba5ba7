---
to: app/registries/<%= h.changeCase.paramCase(name) %>-registry.test.ts
---
import {
  describeOnEachEngine,
  itBehavesLikeAGeoFrameworkRegistry,
  itBehavesLikeAGeoVerifiableRegistry,
  useGeoSites,
} from 'geo-runtime/testing';
import { <%= h.changeCase.camelCase(name) %>RegistryFactory } from '../factories/<%= h.changeCase.paramCase(name) %>-registry-factory.ts';
import { <%= name %>Registry } from './<%= h.changeCase.paramCase(name) %>-registry.ts';

describeOnEachEngine('<%= name %>Registry', (databases) => {
  const geo = useGeoSites(databases);
  const examples = { registryClass: <%= name %>Registry, factory: <%= h.changeCase.camelCase(name) %>RegistryFactory, geo };

  itBehavesLikeAGeoFrameworkRegistry(examples);
  itBehavesLikeAGeoVerifiableRegistry(examples);
});
