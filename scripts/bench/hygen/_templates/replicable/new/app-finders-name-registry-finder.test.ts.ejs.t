---
to: app/finders/<%= h.changeCase.paramCase(name) %>-registry-finder.test.ts
---
import {
  describeOnEachEngine,
  itBehavesLikeAFrameworkRegistryFinder,
  useGeoSites,
} from 'geo-runtime/testing';
import { <%= h.changeCase.camelCase(name) %>RegistryFactory } from '../factories/<%= h.changeCase.paramCase(name) %>-registry-factory.ts';
import { <%= name %>RegistryFinder } from './<%= h.changeCase.paramCase(name) %>-registry-finder.ts';

describeOnEachEngine('<%= name %>RegistryFinder', (databases) => {
  const geo = useGeoSites(databases);

  itBehavesLikeAFrameworkRegistryFinder({
    finder: <%= name %>RegistryFinder,
    registryFactory: <%= h.changeCase.camelCase(name) %>RegistryFactory,
    geo,
  });
});
