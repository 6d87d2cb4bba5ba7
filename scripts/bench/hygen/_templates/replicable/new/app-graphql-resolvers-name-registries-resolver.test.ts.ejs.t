---
to: app/graphql/resolvers/<%= h.changeCase.paramCase(name) %>-registries-resolver.test.ts
---
import {
  describeOnEachEngine,
  itBehavesLikeAGeoRegistriesResolver,
  useGeoSites,
} from 'geo-runtime/testing';
import { <%= h.changeCase.camelCase(name) %>RegistryFactory } from '../../factories/<%= h.changeCase.paramCase(name) %>-registry-factory.ts';
import { <%= name %>RegistriesResolver } from './<%= h.changeCase.paramCase(name) %>-registries-resolver.ts';

describeOnEachEngine('<%= name %>RegistriesResolver', (databases) => {
  const geo = useGeoSites(databases);

  itBehavesLikeAGeoRegistriesResolver({
    resolver: <%= name %>RegistriesResolver,
    registryFactory: <%= h.changeCase.camelCase(name) %>RegistryFactory,
    geo,
  });
});
