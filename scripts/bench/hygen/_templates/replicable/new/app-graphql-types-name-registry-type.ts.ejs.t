---
to: app/graphql/types/<%= h.changeCase.paramCase(name) %>-registry-type.ts
---
import { defineRegistryType } from 'geo-runtime/graphql';
import { <%= name %>Registry } from '../../registries/<%= h.changeCase.paramCase(name) %>-registry.ts';

export const <%= name %>RegistryType = defineRegistryType({
  name: '<%= name %>Registry',
  description: 'Represents the Geo replication and verification state of a <%= h.changeCase.snakeCase(name) %>',
  registryClass: <%= name %>Registry,
  foreignKey: { name: '<%= h.changeCase.camelCase(name) %>Id', description: 'ID of the <%= h.changeCase.titleCase(name) %>' },
});
