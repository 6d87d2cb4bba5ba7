---
to: app/replicators/<%= h.changeCase.paramCase(name) %>-replicator.ts
---
import { BlobReplicator } from 'geo-runtime';
import { <%= name %> } from '../models/<%= h.changeCase.paramCase(name) %>.ts';
import { <%= name %>Registry } from '../registries/<%= h.changeCase.paramCase(name) %>-registry.ts';

export class <%= name %>Replicator extends BlobReplicator<<%= name %>> {
  static override get model() {
    return <%= name %>;
  }

  static override get registryClass() {
    return <%= name %>Registry;
  }

  // Off while replication of <%= h.changeCase.lowerCase(h.changeCase.sentenceCase(name)) %>s is being built: the flag
  // geo_<%= h.changeCase.snakeCase(name) %>_replication turns it on. `geo-gen release <%= name %>` removes this line.
  static override readonly replicationEnabledByDefault = false;

  // The model's mounted uploader (the `carrierwave_uploader` of the original).
  override uploaderFor(<%= h.changeCase.camelCase(name) %>: <%= name %>) {
    return <%= h.changeCase.camelCase(name) %>.file;
  }
}
