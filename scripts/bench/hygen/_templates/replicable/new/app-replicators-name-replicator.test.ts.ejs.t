---
to: app/replicators/<%= h.changeCase.paramCase(name) %>-replicator.test.ts
---
import type { GeoSite } from 'geo-runtime';
import {
  describeOnEachEngine,
  itBehavesLikeABlobReplicator,
  itBehavesLikeAReplicator,
  itBehavesLikeAVerifiableReplicator,
  useGeoSites,
} from 'geo-runtime/testing';
import { <%= h.changeCase.camelCase(name) %>Factory } from '../factories/<%= h.changeCase.paramCase(name) %>-factory.ts';
import { <%= name %>Replicator } from './<%= h.changeCase.paramCase(name) %>-replicator.ts';

describeOnEachEngine('<%= name %>Replicator', (databases) => {
  const geo = useGeoSites(databases);
  const examples = {
    replicator: <%= name %>Replicator,
    geo,
    createRecord: (site: GeoSite, fileContent?: string) =>
      <%= h.changeCase.camelCase(name) %>Factory
        .transient({ site })
        .create(fileContent === undefined ? {} : { fileContent }),
  };

  itBehavesLikeAReplicator(examples);
  itBehavesLikeABlobReplicator(examples);
  itBehavesLikeAVerifiableReplicator(examples);
});
