import { isRegistryFieldFor } from '../../analysis/registry-field-entry.ts';
import type { HostReplicator } from '../../analysis/replicators.ts';
import { isDataTypeRow, releasedRow } from '../../host/data-types-table.ts';
import type { ListLocation } from '../../host/lists.ts';
import type { Names } from '../../naming/names.ts';
import { removeStaticProperty } from '../../patches/class-member.ts';
import { removeEntryProperty } from '../../patches/list-entry-property.ts';
import { upsertTableRow } from '../../patches/markdown-rows.ts';
import { setTopLevelBoolean } from '../../patches/yaml-boolean.ts';
import type { Tree } from '../../tree/tree.ts';
import { DataTypesDocMissingError, ReleaseTargetMissingError } from './errors.ts';

/** Everything a release step needs to know about the data type and where its files are. */
export interface ReleaseTarget {
  readonly names: Names;
  readonly replicator: HostReplicator;
  readonly featureFlag: string;
  /** The flag's definition file, relative to the root. */
  readonly flagFile: string;
  readonly registryFields: ListLocation;
  readonly dataTypesDoc: string;
  readonly version: string | undefined;
}

/** What one step did to its file: changed it, or found it released already. */
export interface StepOutcome {
  readonly kind: 'changed' | 'already';
  readonly path: string;
  /** What the step makes true, e.g. `default_enabled: true`. */
  readonly what: string;
}

export type ReleaseStep = (tree: Tree, target: ReleaseTarget) => Promise<StepOutcome>;

/** The flag definition: `default_enabled: true`. */
const enableFlagByDefault: ReleaseStep = async (tree, target) => {
  const path = target.flagFile;
  const text = read(tree, path, `the flag ${target.featureFlag} has no definition ${path}`);
  const result = setTopLevelBoolean(text, 'default_enabled', true);
  if (result.kind === 'changed') tree.write(path, result.text);
  return outcome(result.kind === 'changed', path, 'default_enabled: true');
};

/** The replicator: its `replicationEnabledByDefault = false` override and its comment go. */
const dropDefaultOverride: ReleaseStep = async (tree, target) => {
  const { hostClass } = target.replicator;
  const text = read(tree, hostClass.file, `${hostClass.file} does not exist`);
  const result = await removeStaticProperty(text, {
    file: hostClass.file,
    className: hostClass.name,
    member: 'replicationEnabledByDefault',
  });
  if (result.kind === 'removed') tree.write(hostClass.file, result.text);
  return outcome(
    result.kind === 'removed',
    hostClass.file,
    `${hostClass.name} replicates by default`,
  );
};

/** The GraphQL registries field: no longer hidden behind the flag. */
const unflagGraphqlField: ReleaseStep = async (tree, target) => {
  const { file, symbol } = target.registryFields;
  const field = target.names.registriesField;
  const text = read(tree, file, `${file}, which holds ${symbol}, does not exist`);
  const result = await removeEntryProperty(text, {
    file,
    symbol,
    identifies: (entry) => isRegistryFieldFor(entry, target.names),
    property: 'featureFlag',
  });
  if (result.kind === 'no-entry') {
    throw new ReleaseTargetMissingError(
      file,
      `${symbol} in ${file} has no ${field} field to release`,
    );
  }
  if (result.kind === 'removed') tree.write(file, result.text);
  return outcome(result.kind === 'removed', file, `${field} is no longer behind a feature flag`);
};

/** The data types docs: the row says replication and verification are released. */
const documentRelease: ReleaseStep = async (tree, target) => {
  const path = target.dataTypesDoc;
  const text = tree.read(path);
  if (text === undefined) throw new DataTypesDocMissingError(path, 'missing');
  const result = upsertTableRow(text, {
    identifies: isDataTypeRow(target.names),
    build: releasedRow({
      names: target.names,
      strategy: target.replicator.strategy ?? 'blob',
      featureFlag: target.featureFlag,
      version: target.version,
    }),
  });
  if (result.kind === 'no-table') throw new DataTypesDocMissingError(path, 'no-table');
  if (result.kind !== 'unchanged') tree.write(path, result.text);
  return outcome(
    result.kind !== 'unchanged',
    path,
    `the ${target.names.titlePlural} row says replication and verification are released`,
  );
};

/** The "Release" section of the Cool Widgets template, in its order. */
export const RELEASE_STEPS: readonly ReleaseStep[] = [
  enableFlagByDefault,
  dropDefaultOverride,
  unflagGraphqlField,
  documentRelease,
];

function read(tree: Tree, path: string, missing: string): string {
  const text = tree.read(path);
  if (text === undefined) throw new ReleaseTargetMissingError(path, missing);
  return text;
}

function outcome(changed: boolean, path: string, what: string): StepOutcome {
  return { kind: changed ? 'changed' : 'already', path, what };
}
