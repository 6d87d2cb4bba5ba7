import type { NameKey } from './names.ts';

/**
 * The names the shipped templates (`templates/replicable/**`) import, each with where it comes
 * from. A data type whose generated identifiers include one of them would declare or import a
 * second binding of that name in the same file, shadowing the runtime's (`Registry`) or a
 * library's (`sql`), so such a name is refused. test/naming/template-identifiers.test.ts reads
 * the templates and fails, printing the right table, when this one and they disagree.
 */
export const TEMPLATE_IMPORTS: Readonly<Record<string, string>> = {
  BlobModel: 'the runtime',
  BlobReplicator: 'the runtime',
  FrameworkRegistryFinder: 'the runtime',
  GEO_NODE_REGISTRY_FIELDS: 'the host',
  Generated: 'kysely',
  GeneratedTimestamp: 'the runtime',
  GeoSite: 'the runtime',
  IdRange: 'the runtime',
  Kysely: 'kysely',
  RegistriesResolver: 'the runtime',
  Registry: 'the runtime',
  RegistryTable: 'the runtime',
  RepositoryModel: 'the runtime',
  RepositoryRegistry: 'the runtime',
  RepositoryRegistryTable: 'the runtime',
  RepositoryReplicator: 'the runtime',
  Selectable: 'kysely',
  Uploader: 'the runtime',
  VerificationStateColumns: 'the runtime',
  defineBlobModelFactory: 'the runtime',
  defineRegistryFactory: 'the runtime',
  defineRegistryType: 'the runtime',
  defineRepositoryModelFactory: 'the runtime',
  describe: 'vitest',
  describeOnEachEngine: 'the runtime',
  expect: 'vitest',
  inReplicableStorage: 'the runtime',
  inSelectiveSyncNamespaces: 'the runtime',
  inSelectiveSyncProjects: 'the runtime',
  inSelectiveSyncRepositories: 'the runtime',
  it: 'vitest',
  itBehavesLikeABlobReplicator: 'the runtime',
  itBehavesLikeAFrameworkRegistryFinder: 'the runtime',
  itBehavesLikeAGeoFrameworkRegistry: 'the runtime',
  itBehavesLikeAGeoRegistriesResolver: 'the runtime',
  itBehavesLikeAGeoRegistryType: 'the runtime',
  itBehavesLikeAGeoVerifiableRegistry: 'the runtime',
  itBehavesLikeAReplicator: 'the runtime',
  itBehavesLikeARepositoryReplicator: 'the runtime',
  itBehavesLikeAVerifiableReplicator: 'the runtime',
  itGetsRegistriesFor: 'the runtime',
  itSelectsReplicablesForCurrentSecondary: 'the runtime',
  namespaceFactory: 'the runtime',
  projectFactory: 'the runtime',
  sql: 'kysely',
  useGeoSites: 'the runtime',
};

/** An identifier the templates write for a data type: `<prefix><names[key]><suffix>`. */
export interface TemplateIdentifier {
  readonly prefix: string;
  readonly key: NameKey;
  readonly suffix: string;
}

const identifier = (key: NameKey, suffix = ''): TemplateIdentifier => ({ prefix: '', key, suffix });

/**
 * The code identifiers (camel or Pascal case) the templates derive from a data type's names,
 * e.g. `<%= names.registryCamel %>Factory`; snake, kebab and spaced spellings are SQL, paths and
 * prose, which no import can clash with. Checked against the templates like TEMPLATE_IMPORTS.
 */
export const TEMPLATE_IDENTIFIERS: readonly TemplateIdentifier[] = [
  identifier('camelName'),
  identifier('camelName', 'Factory'),
  identifier('className'),
  identifier('className', 'Row'),
  identifier('className', 'Table'),
  identifier('foreignKeyCamel'),
  identifier('registriesField'),
  identifier('registriesResolverClass'),
  identifier('registryCamel', 'Factory'),
  identifier('registryClass'),
  identifier('registryClass', 'Table'),
  identifier('registryFinderClass'),
  identifier('registryTypeClass'),
  identifier('replicatorClass'),
  identifier('stateClass', 'Table'),
  identifier('uploaderClass'),
];
