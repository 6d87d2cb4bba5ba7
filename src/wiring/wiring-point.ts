import type { Finding } from '../analysis/findings.ts';
import type { Owner, Strategy } from '../generate/strategies.ts';
import type { HostScan } from '../analysis/host-scan.ts';
import type { Host } from '../host/resolve-host.ts';
import type { Names } from '../naming/names.ts';
import type { Tree } from '../tree/tree.ts';

/** Every place of a host that a data type is wired into, in the order they are applied. */
export const WIRING_POINT_IDS = [
  'model',
  'replicator-classes',
  'registry-fields',
  'status-spec-table',
  'status-api-doc',
  'metrics-doc',
  'data-types-doc',
] as const;

export type WiringPointId = (typeof WIRING_POINT_IDS)[number];

/** The data type a wiring point is about, and the host it is wired into. */
export interface WiringTarget {
  readonly names: Names;
  readonly host: Host;
  /** How its data is stored: what its model derives from, what its docs row says. */
  readonly strategy: Strategy;
  /**
   * Who a record belongs to: only `replicable` says (it wires an existing model's default
   * selective sync with it); a project when not given.
   */
  readonly owner?: Owner;
  /** A note for the user on stderr (a half-wired host completed, an existing model wired). */
  readonly warn: (message: string) => void;
}

/** What `geo-gen remove` knows when it takes a data type out again. */
export interface RevertTarget extends WiringTarget {
  /**
   * Every file of the data type the generator writes: only imports of these may go with its
   * entries (an unused import of anything else is the file owner's business).
   */
  readonly generatedPaths: ReadonlySet<string>;
}

/** What `geo-gen release` knows about the data type it releases. */
export interface ReleaseTarget extends WiringTarget {
  readonly featureFlag: string;
  /** The host's version, to say "Released in 1.2.0"; undefined says "Released". */
  readonly version: string | undefined;
}

/** One patched file put back, and what was taken out of it. */
export interface Reverted {
  readonly path: string;
  readonly what: string;
}

/** What one release step did to its file: changed it, or found it released already. */
export interface ReleaseOutcome {
  readonly kind: 'changed' | 'already';
  readonly path: string;
  /** What the step makes true, e.g. `default_enabled: true`. */
  readonly what: string;
}

/** What `geo-gen check` gives a wiring point: one scan of the host. */
export interface WiringCheckContext {
  readonly host: Host;
  readonly scan: HostScan;
  /** How to spell a geo-gen command for this host, e.g. with the `--root` the check was given. */
  readonly command: (args: string) => string;
}

/** A wiring point's verdict on a host, or why it cannot judge it (the check then cannot run). */
export type WiringCheck =
  | { readonly kind: 'checked'; readonly findings: readonly Finding[] }
  | { readonly kind: 'cannot-tell'; readonly why: string };

/**
 * One place of the host a data type is wired into (a list entry, docs rows, the model's
 * getter), with everything every command needs to know about it, so that a command iterates
 * WIRING_POINTS instead of knowing the places. `test/wiring/wiring-points.test.ts` runs the
 * conformance suite (`wiring-point.conformance.ts`) over every point on the pinned host.
 *
 * Operations a point does not have are absent, never no-ops: a point without `apply` is written
 * by `release` only, one without `revert` is kept by `remove` on purpose (its JSDoc says why).
 *
 * @example
 * ```ts
 * for (const point of WIRING_POINTS) await point.apply?.(tree, { names, host, warn });
 * ```
 */
export interface WiringPoint {
  readonly id: WiringPointId;
  /** Where the data type's entry is, for people: `REPLICATOR_CLASSES in app/replicator-classes.ts`. */
  describe(target: WiringTarget): string;
  /** Whether the host (as the Tree sees it) has the data type's entry. */
  recognise(tree: Tree, target: WiringTarget): Promise<boolean>;
  /** `geo-gen replicable`: adds the entry once (a second run changes nothing). */
  apply?(tree: Tree, target: WiringTarget): Promise<void>;
  /** `geo-gen remove`: takes out what `apply` and `release` added, by symbol; undefined when absent. */
  revert?(tree: Tree, target: RevertTarget): Promise<Reverted | undefined>;
  /** `geo-gen release`: the entry's part of the "Release" section. */
  release?(tree: Tree, target: ReleaseTarget): Promise<ReleaseOutcome>;
  /** `geo-gen check`: the entry of every replicator of the host, and entries naming nothing. */
  check?(context: WiringCheckContext): WiringCheck;
}
