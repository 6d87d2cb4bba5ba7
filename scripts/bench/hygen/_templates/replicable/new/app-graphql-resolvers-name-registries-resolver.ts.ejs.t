---
to: app/graphql/resolvers/<%= h.changeCase.paramCase(name) %>-registries-resolver.ts
---
import { RegistriesResolver } from 'geo-runtime/graphql';
import { <%= name %>RegistryFinder } from '../../finders/<%= h.changeCase.paramCase(name) %>-registry-finder.ts';

/** Resolves `GeoNode.<%= h.changeCase.camelCase(name) %>Registries`. */
export class <%= name %>RegistriesResolver extends RegistriesResolver {
  static override get finder() {
    return <%= name %>RegistryFinder;
  }
}
