---
inject: true
to: app/graphql/geo-node-registry-fields.ts
after: "GEO_NODE_REGISTRY_FIELDS: readonly GeoNodeRegistryField\\[\\] = \\["
skip_if: "name: '<%= h.changeCase.camelCase(name) %>Registries'"
---
  {
    name: '<%= h.changeCase.camelCase(name) %>Registries',
    type: <%= name %>RegistryType,
    resolver: <%= name %>RegistriesResolver,
    description: 'Find <%= h.changeCase.titleCase(name) %> registries on this Geo node',
    featureFlag: 'geo_<%= h.changeCase.snakeCase(name) %>_replication',
  },
