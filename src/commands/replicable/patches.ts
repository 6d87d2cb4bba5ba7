import { posix } from 'node:path';
import { hostLists, type ListLocation } from '../../host/lists.ts';
import type { Names } from '../../naming/names.ts';
import { addArrayEntry, mentions, type NamedImport } from '../../patches/array-entry.ts';
import { PatchTargetNotFoundError } from '../../patches/errors.ts';
import { appendTableRows, hasTable } from '../../patches/markdown-table.ts';
import type { Tree } from '../../tree/tree.ts';
import type { ReplicableContext, ReplicablePatch } from './context.ts';
import { modelPath } from './plan.ts';

/** `./replicators/cool-widget-replicator.ts` as seen from the list's file. */
function importPath(fromFile: string, target: string): string {
  const path = posix.relative(posix.dirname(fromFile), target);
  return path.startsWith('.') ? path : `./${path}`;
}

async function patchList(
  tree: Tree,
  context: ReplicableContext,
  location: ListLocation,
  entry: string,
  imports: readonly { name: string; file: string }[],
  identifies?: (existing: string) => boolean,
): Promise<void> {
  const text = tree.read(location.file);
  if (text === undefined)
    throw new PatchTargetNotFoundError(location.file, location.symbol, 'the file does not exist');
  const namedImports: NamedImport[] = imports.map(({ name, file }) => ({
    name,
    module: importPath(location.file, file),
  }));
  const result = await addArrayEntry(text, {
    file: location.file,
    symbol: location.symbol,
    entry,
    imports: namedImports,
    ...(identifies && { identifies }),
  });
  for (const note of result.notes) context.warn(note);
  if (result.kind === 'added') tree.write(location.file, result.text);
}

const files = (names: Names) => ({
  replicator: `app/replicators/${names.replicatorFileName}.ts`,
  factory: `app/factories/${names.fileName}-factory.ts`,
  registryFactory: `app/factories/${names.registryFileName}-factory.ts`,
});

/**
 * An existing model gets wired to its replicator (a model the templates created already is).
 * Without a model file there is nothing to wire: the templates write one.
 */
const modelWiring: ReplicablePatch = async (tree, context) => {
  const path = modelPath(context);
  const text = tree.read(path);
  const createdNow = tree
    .changes()
    .some((change) => change.path === path && change.kind === 'CREATE');
  if (text === undefined || createdNow) return;
  const { wireModel } = await import('../../patches/model-wiring.ts');
  const result = await wireModel(text, path, context.names, context.host.config.runtimePackage);
  if (result.kind === 'wired') {
    tree.write(path, result.text);
    context.warn(`wired the existing model in ${path}: added ${result.added.join(' and ')}`);
  }
};

/** The replicator into REPLICATOR_CLASSES: everything else derives its lists from this one. */
const replicatorClasses: ReplicablePatch = async (tree, context) => {
  const { names } = context;
  await patchList(
    tree,
    context,
    hostLists(context.host.config).replicatorClasses,
    names.replicatorClass,
    [{ name: names.replicatorClass, file: files(names).replicator }],
  );
};

/** A row of the parameterised status spec table (`Replicator stats`). */
const statusSpecTable: ReplicablePatch = async (tree, context) => {
  const { names } = context;
  const paths = files(names);
  const factory = `${names.camelName}Factory`;
  const registryFactory = `${names.registryCamel}Factory`;
  await patchList(
    tree,
    context,
    hostLists(context.host.config).statusSpecTable,
    `{ replicator: ${names.replicatorClass}, modelFactory: ${factory}, registryFactory: ${registryFactory} }`,
    [
      { name: factory, file: paths.factory },
      { name: registryFactory, file: paths.registryFactory },
      { name: names.replicatorClass, file: paths.replicator },
    ],
    mentions(names.replicatorClass),
  );
};

/** The registries field onto the Geo node GraphQL type, hidden behind the feature flag until release. */
const registryFields: ReplicablePatch = async (tree, context) => {
  const { names } = context;
  const entry = [
    '{',
    `name: '${names.registriesField}',`,
    `type: ${names.registryTypeClass},`,
    `resolver: ${names.registriesResolverClass},`,
    `description: 'Find ${names.title} registries on this Geo node',`,
    `featureFlag: '${names.featureFlag}',`,
    '}',
  ].join(' ');
  await patchList(
    tree,
    context,
    hostLists(context.host.config).registryFields,
    entry,
    [
      {
        name: names.registriesResolverClass,
        file: `app/graphql/resolvers/${names.fileName}-registries-resolver.ts`,
      },
      {
        name: names.registryTypeClass,
        file: `app/graphql/types/${names.registryFileName}-type.ts`,
      },
    ],
    mentions(names.registryTypeClass),
  );
};

const STATUS_FIELDS: readonly (readonly [string, string, string])[] = [
  ['count', 'both', '{plural} on the primary; registries on a secondary'],
  ['checksum_total_count', 'primary', '{plural} that can be checksummed'],
  ['checksummed_count', 'primary', '{plural} whose checksum succeeded'],
  ['checksum_failed_count', 'primary', '{plural} whose checksum failed'],
  ['synced_count', 'secondary', '{plural} synced'],
  ['failed_count', 'secondary', '{plural} whose sync failed'],
  ['registry_count', 'secondary', '{singular} registries'],
  ['verification_total_count', 'secondary', 'synced {plural} that can be verified'],
  ['verified_count', 'secondary', '{plural} verified'],
  ['verification_failed_count', 'secondary', '{plural} whose verification failed'],
  [
    'oldest_unsynced_time',
    'secondary',
    'epoch seconds of the oldest unsynced registry; -1 when none',
  ],
  ['synced_in_percentage', 'secondary', 'synced / registries, in percent (0 without registries)'],
  [
    'verified_in_percentage',
    'secondary',
    'verified / registries, in percent (0 without registries)',
  ],
];

function describeField(template: string, names: Names): string {
  return template.replace('{plural}', names.humanNamePlural).replace('{singular}', names.humanName);
}

function patchTable(tree: Tree, file: string, rows: readonly string[]): void {
  const text = tree.read(file);
  if (text === undefined || !hasTable(text)) {
    throw new PatchTargetNotFoundError(
      file,
      'its table',
      text === undefined ? 'the file does not exist' : 'it has no Markdown table',
    );
  }
  const patched = appendTableRows(text, rows);
  if (patched !== undefined) tree.write(file, patched);
}

/** The rows of the Geo nodes API docs for a data type (`geo-gen remove` takes them out again). */
export function statusApiDocRows(names: Names): string[] {
  return STATUS_FIELDS.map(
    ([field, site, meaning]) =>
      `| \`${names.snakeNamePlural}_${field}\` | ${site} | ${describeField(meaning, names)} |`,
  );
}

/** The rows of the metrics docs for a data type. */
export function metricsDocRows(names: Names): string[] {
  return STATUS_FIELDS.filter(([field]) => !field.endsWith('_percentage')).map(
    ([field, site, meaning]) => {
      const metric = `geo_${`${names.snakeNamePlural}_${field}`.replace(/_count$/, '')}`;
      const where = site === 'both' ? '' : ` (${site})`;
      return `| \`${metric}\` | gauge | ${describeField(meaning, names)}${where} |`;
    },
  );
}

/** The status fields into the Geo nodes API docs. */
const statusApiDoc: ReplicablePatch = (tree, { names, host }) => {
  patchTable(tree, hostLists(host.config).statusApiDoc, statusApiDocRows(names));
};

/** The metric names into the metrics docs. */
const metricsDoc: ReplicablePatch = (tree, { names, host }) => {
  patchTable(tree, hostLists(host.config).metricsDoc, metricsDocRows(names));
};

/**
 * The patches of existing host lists, applied in order after the templates are rendered.
 * There is no registry list to patch: the consistency worker derives its list from
 * REPLICATOR_CLASSES, so forgetting one of two hand-kept lists is impossible.
 */
export const REPLICABLE_PATCHES: readonly ReplicablePatch[] = [
  modelWiring,
  replicatorClasses,
  registryFields,
  statusSpecTable,
  statusApiDoc,
  metricsDoc,
];
