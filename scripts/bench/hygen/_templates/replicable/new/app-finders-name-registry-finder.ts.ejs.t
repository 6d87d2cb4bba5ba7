---
to: app/finders/<%= h.changeCase.paramCase(name) %>-registry-finder.ts
---
import { FrameworkRegistryFinder } from 'geo-runtime/graphql';
import { <%= name %>Registry } from '../registries/<%= h.changeCase.paramCase(name) %>-registry.ts';

/** <%= h.changeCase.sentenceCase(name) %> registries of this secondary, filtered by ids, replication and verification state. */
export class <%= name %>RegistryFinder extends FrameworkRegistryFinder {
  static override get registryClass() {
    return <%= name %>Registry;
  }
}
