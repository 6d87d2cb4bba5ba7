import { Node } from '../ts-morph.ts';
import { replicatorNames } from '../analysis/data-type-names.ts';
import type { Finding } from '../analysis/findings.ts';
import type { FoundHostList } from '../analysis/host-list.ts';
import { isRegistryFieldFor, propertyValue } from '../analysis/registry-field-entry.ts';
import { whyUnresolved } from '../analysis/unresolved.ts';
import { mentions } from '../patches/array-entry.ts';
import { removeEntryProperty } from '../patches/list-entry-property.ts';
import { dataTypeFiles } from './data-type-files.ts';
import { ReleaseTargetMissingError } from './errors.ts';
import {
  addListEntry,
  listForCheck,
  listHasEntry,
  listLocation,
  removeListEntry,
} from './host-list-entry.ts';
import type { WiringCheckContext, WiringPoint } from './wiring-point.ts';

/** The classes an entry of GEO_NODE_REGISTRY_FIELDS names; each must exist. */
const CLASS_PROPERTIES = ['type', 'resolver'] as const;

/**
 * The registries field on the Geo node GraphQL type (GEO_NODE_REGISTRY_FIELDS), hidden behind
 * the data type's feature flag until `geo-gen release` takes the flag off it.
 */
export const registryFields: WiringPoint = {
  id: 'registry-fields',

  describe({ names, host }) {
    const { file, symbol } = listLocation(host, 'registryFields');
    return `the ${names.registriesField} field in ${symbol} (${file})`;
  },

  recognise: (tree, { names, host }) =>
    listHasEntry(tree, listLocation(host, 'registryFields'), (entry) =>
      isRegistryFieldFor(entry, names),
    ),

  async apply(tree, target) {
    const { names } = target;
    const files = dataTypeFiles(names, target.host.config.layout);
    const entry = [
      '{',
      `name: '${names.registriesField}',`,
      `type: ${names.registryTypeClass},`,
      `resolver: ${names.registriesResolverClass},`,
      `description: 'Find ${names.title} registries on this Geo node',`,
      `featureFlag: '${names.featureFlag}',`,
      '}',
    ].join(' ');
    await addListEntry(
      tree,
      target,
      listLocation(target.host, 'registryFields'),
      entry,
      [
        { name: names.registriesResolverClass, file: files.registriesResolver },
        { name: names.registryTypeClass, file: files.registryType },
      ],
      mentions(names.registryTypeClass),
    );
  },

  revert: (tree, { names, host, generatedPaths }) =>
    removeListEntry(tree, listLocation(host, 'registryFields'), names, generatedPaths),

  /** The field is no longer hidden behind the flag. */
  async release(tree, { names, host }) {
    const { file, symbol } = listLocation(host, 'registryFields');
    const field = names.registriesField;
    const text = tree.read(file);
    if (text === undefined) {
      throw new ReleaseTargetMissingError(file, `${file}, which holds ${symbol}, does not exist`);
    }
    const result = await removeEntryProperty(text, {
      file,
      symbol,
      identifies: (entry) => isRegistryFieldFor(entry, names),
      property: 'featureFlag',
    });
    if (result.kind === 'no-entry') {
      throw new ReleaseTargetMissingError(
        file,
        `${symbol} in ${file} has no ${field} field to release`,
      );
    }
    if (result.kind === 'removed') tree.write(file, result.text);
    return {
      kind: result.kind === 'removed' ? 'changed' : 'already',
      path: file,
      what: `${field} is no longer behind a feature flag`,
    };
  },

  check: (context) =>
    listForCheck(context.scan.sources, context.host, 'registryFields', (list) => ({
      kind: 'checked',
      findings: [...missingFields(context, list), ...unresolvedEntries(context, list)],
    })),
};

/** Every replicator has its registries field. */
function missingFields(context: WiringCheckContext, list: FoundHostList): Finding[] {
  return context.scan.replicators.flatMap((replicator): Finding[] => {
    const names = replicatorNames(replicator);
    if (names === undefined) return [];
    if (list.elements.some(({ node }) => isRegistryFieldFor(node, names))) return [];
    return [
      {
        kind: 'graphql-field-missing',
        file: list.file,
        line: list.line,
        subject: replicator.hostClass.name,
        message: `${list.symbol} has no ${names.registriesField} field for ${replicator.hostClass.name}`,
        fix:
          `add { name: '${names.registriesField}', type: ${names.registryTypeClass}, ` +
          `resolver: ${names.registriesResolverClass}, description, featureFlag } to ${list.symbol}`,
      },
    ];
  });
}

/** Every entry names a registry type and a resolver that exist. */
function unresolvedEntries(context: WiringCheckContext, list: FoundHostList): Finding[] {
  const { scan } = context;
  const findings: Finding[] = [];
  for (const element of list.elements) {
    if (!Node.isObjectLiteralExpression(element.node)) continue;
    for (const key of CLASS_PROPERTIES) {
      const value = propertyValue(element.node, key);
      if (value === undefined) continue;
      const why = whyUnresolved(scan.resolver.resolveExpression(list.file, value), list.file);
      if (why === undefined) continue;
      findings.push({
        kind: 'graphql-entry-missing',
        file: list.file,
        line: value.getStartLineNumber(),
        subject: value.getText(),
        message: `${list.symbol} uses ${value.getText()} as a ${key}, which ${why}`,
        fix: `restore ${value.getText()}, or take this entry out of ${list.symbol} with its imports`,
      });
    }
  }
  return findings;
}
