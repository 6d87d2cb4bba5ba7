---
to: app/registries/<%= h.changeCase.paramCase(name) %>-registry.ts
---
import type { RegistryTable } from 'geo-runtime';
import { Registry } from 'geo-runtime';
import { <%= name %> } from '../models/<%= h.changeCase.paramCase(name) %>.ts';

export interface <%= name %>RegistryTable extends RegistryTable {
  <%= h.changeCase.snakeCase(name) %>_id: number;
}

declare module 'geo-runtime' {
  interface TrackingDatabase {
    <%= h.changeCase.snakeCase(name) %>_registry: <%= name %>RegistryTable;
  }
}

export class <%= name %>Registry extends Registry {
  static override readonly tableName = '<%= h.changeCase.snakeCase(name) %>_registry';
  static override readonly modelForeignKey = '<%= h.changeCase.snakeCase(name) %>_id';

  static override get modelClass() {
    return <%= name %>;
  }
}
