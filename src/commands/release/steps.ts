import type { HostReplicator } from '../../analysis/replicators.ts';
import { removeStaticProperty } from '../../patches/class-member.ts';
import { setTopLevelBoolean } from '../../patches/yaml-boolean.ts';
import type { Tree } from '../../tree/tree.ts';
import { ReleaseTargetMissingError } from '../../wiring/errors.ts';
import { WIRING_POINTS } from '../../wiring/index.ts';
import type { ReleaseOutcome, ReleaseTarget as WiringRelease } from '../../wiring/wiring-point.ts';

/** Everything a release step needs to know about the data type and where its files are. */
export interface ReleaseTarget extends WiringRelease {
  readonly replicator: HostReplicator;
  /** The flag's definition file, relative to the root. */
  readonly flagFile: string;
}

export type StepOutcome = ReleaseOutcome;

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

/**
 * The "Release" section of the Cool Widgets template, in its order: the data type's own files
 * (its flag, its replicator), then every wiring point's part (the GraphQL field, the docs row).
 */
export const RELEASE_STEPS: readonly ReleaseStep[] = [
  enableFlagByDefault,
  dropDefaultOverride,
  ...WIRING_POINTS.flatMap((point): ReleaseStep[] => {
    const { release } = point;
    return release === undefined ? [] : [(tree, target) => release.call(point, tree, target)];
  }),
];

function read(tree: Tree, path: string, missing: string): string {
  const text = tree.read(path);
  if (text === undefined) throw new ReleaseTargetMissingError(path, missing);
  return text;
}

function outcome(changed: boolean, path: string, what: string): StepOutcome {
  return { kind: changed ? 'changed' : 'already', path, what };
}
