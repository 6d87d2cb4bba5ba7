import type { Names } from '../naming/names.ts';

/** Where the templates put the data type's files that wiring points import or edit. */
export function dataTypeFiles(names: Names) {
  return {
    /** The host's model class: created by the templates when the host has none yet. */
    model: `app/models/${names.fileName}.ts`,
    replicator: `app/replicators/${names.replicatorFileName}.ts`,
    factory: `app/factories/${names.fileName}-factory.ts`,
    registryFactory: `app/factories/${names.registryFileName}-factory.ts`,
    registriesResolver: `app/graphql/resolvers/${names.fileName}-registries-resolver.ts`,
    registryType: `app/graphql/types/${names.registryFileName}-type.ts`,
  } as const;
}
