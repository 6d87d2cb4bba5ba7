---
to: app/models/<%= h.changeCase.paramCase(name) %>.test.ts
---
import {
  describeOnEachEngine,
  itSelectsReplicablesForCurrentSecondary,
  useGeoSites,
} from 'geo-runtime/testing';
import { <%= h.changeCase.camelCase(name) %>Factory } from '../factories/<%= h.changeCase.paramCase(name) %>-factory.ts';
import { <%= name %> } from './<%= h.changeCase.paramCase(name) %>.ts';

describeOnEachEngine('<%= name %>', (databases) => {
  const geo = useGeoSites(databases);

  // The table for the default replicablesForCurrentSecondary: a <%= h.changeCase.lowerCase(h.changeCase.sentenceCase(name)) %> follows its project.
  // Change it together with that method when <%= h.changeCase.lowerCase(h.changeCase.sentenceCase(name)) %>s relate to namespaces differently.
  itSelectsReplicablesForCurrentSecondary({ model: <%= name %>, factory: <%= h.changeCase.camelCase(name) %>Factory, geo });
});
