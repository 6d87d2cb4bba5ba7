import { placeTemplatePath } from '../generate/template-paths.ts';
import type { HostLayout } from '../host/layout.ts';
import type { Names } from '../naming/names.ts';

/** Where the templates put the data type's files that wiring points import or edit. */
export function dataTypeFiles(names: Names, layout: HostLayout) {
  const place = (path: string) => placeTemplatePath(layout, path);
  return {
    /** The host's model class: created by the templates when the host has none yet. */
    model: place(`app/models/${names.fileName}.ts`),
    replicator: place(`app/replicators/${names.replicatorFileName}.ts`),
    factory: place(`app/factories/${names.fileName}-factory.ts`),
    registryFactory: place(`app/factories/${names.registryFileName}-factory.ts`),
    registriesResolver: place(`app/graphql/resolvers/${names.fileName}-registries-resolver.ts`),
    registryType: place(`app/graphql/types/${names.registryFileName}-type.ts`),
  } as const;
}
