import { existsSync } from 'node:fs';
import { DEFAULT_LAYOUT } from 'geo-runtime/config';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanHost } from '../../src/analysis/host-scan.ts';
import type { Strategy } from '../../src/generate/strategies.ts';
import { resolveHost } from '../../src/host/resolve-host.ts';
import type { Names } from '../../src/naming/names.ts';
import { Tree } from '../../src/tree/tree.ts';
import { dataTypeFiles } from '../../src/wiring/data-type-files.ts';
import type {
  ReleaseTarget,
  WiringCheckContext,
  WiringPoint,
  WiringTarget,
} from '../../src/wiring/wiring-point.ts';

/** Where a conformance run happens. */
export interface WiringPointHarness {
  /** A host wiring `wired` fully and `fresh` not at all; only read, never written. */
  readonly root: string;
  /** A data type the host has, wired into every point (the pinned host's PackageFile). */
  readonly wired: Names;
  /** A data type the host lacks (its model, when a point needs one, is written by the suite). */
  readonly fresh: Names;
  /** How both data types are stored. */
  readonly strategy: Strategy;
  /** A writable copy of `root` in a temp dir (removed after the test): each test works on one. */
  copy(): Promise<string>;
}

/**
 * The behaviour every wiring point promises, on a host that already wires one data type:
 * `recognise` tells it from one the host lacks; `apply` is recognised and idempotent; `revert`
 * after `apply` (and `release`) gives the host back byte for byte; `release` twice changes
 * nothing the second time; `check` passes the host and reports its data type's missing entry.
 * Operations a point does not have are not exercised.
 */
export function describeWiringPointConformance(
  point: WiringPoint,
  harness: WiringPointHarness,
): void {
  describe(`WiringPoint conformance: ${point.id}`, () => {
    const setUp = async (names: Names) => {
      const root = await harness.copy();
      const model = join(root, dataTypeFiles(names, DEFAULT_LAYOUT).model);
      // A host that already has the data type's model, not yet wired (what `replicable` wires).
      if (!existsSync(model)) await writeFile(model, unwiredModel(names, harness.strategy));
      const host = await resolveHost(root, root);
      const notes: string[] = [];
      const target: WiringTarget = {
        names,
        host,
        strategy: harness.strategy,
        warn: (note) => void notes.push(note),
      };
      const tree = new Tree(host.root);
      return { host, tree, target, notes, untouched: snapshot(tree) };
    };

    it('describes where the entry is, naming the data type', async () => {
      const { target } = await setUp(harness.fresh);
      expect(point.describe(target)).toMatch(
        new RegExp(
          `${harness.fresh.className}|${harness.fresh.registriesField}|${harness.fresh.snakeNamePlural}|${harness.fresh.titlePlural}`,
        ),
      );
    });

    it('recognises the data type the host wires, and not one it lacks', async () => {
      const wired = await setUp(harness.wired);
      expect(await point.recognise(wired.tree, wired.target)).toBe(true);
      const fresh = await setUp(harness.fresh);
      expect(await point.recognise(fresh.tree, fresh.target)).toBe(false);
    });

    const { apply, revert, release, check } = point;

    if (apply !== undefined) {
      it('applies an entry it then recognises, once: a second apply changes nothing', async () => {
        const { tree, target, notes } = await setUp(harness.fresh);
        await apply.call(point, tree, target);
        expect(await point.recognise(tree, target)).toBe(true);
        const once = snapshot(tree);
        await apply.call(point, tree, target);
        expect(snapshot(tree)).toEqual(once);
        // Only the model point says what it did: the others complete a half-wired host silently.
        if (point.id !== 'model') expect(notes).toEqual([]);
      });

      it('changes nothing for the data type the host wires already', async () => {
        const { tree, target, untouched } = await setUp(harness.wired);
        await apply.call(point, tree, target);
        expect(snapshot(tree)).toEqual(untouched);
      });
    }

    if (apply !== undefined && revert !== undefined) {
      it('reverts what it applied: the host is byte for byte as before', async () => {
        const { tree, target, untouched } = await setUp(harness.fresh);
        await apply.call(point, tree, target);
        expect(snapshot(tree)).not.toEqual(untouched);
        const reverted = await revert.call(point, tree, {
          ...target,
          generatedPaths: generated(target.names),
        });
        expect(reverted?.path).toBeDefined();
        expect(snapshot(tree)).toEqual(untouched);
        expect(await point.recognise(tree, target)).toBe(false);
      });
    }

    if (revert !== undefined) {
      it('reverts nothing for a data type the host lacks', async () => {
        const { tree, target, untouched } = await setUp(harness.fresh);
        const reverted = await revert.call(point, tree, {
          ...target,
          generatedPaths: generated(target.names),
        });
        expect(reverted).toBeUndefined();
        expect(snapshot(tree)).toEqual(untouched);
      });
    }

    if (release !== undefined) {
      it('releases once, says so the second time, and reverts the released entry byte for byte', async () => {
        const { tree, target, untouched } = await setUp(harness.fresh);
        await apply?.call(point, tree, target);
        const releasing: ReleaseTarget = {
          ...target,
          featureFlag: target.names.featureFlag,
          version: '1.2.0',
        };
        expect((await release.call(point, tree, releasing)).kind).toBe('changed');
        expect(await point.recognise(tree, target)).toBe(true);
        const released = snapshot(tree);
        expect((await release.call(point, tree, releasing)).kind).toBe('already');
        expect(snapshot(tree)).toEqual(released);
        await revert?.call(point, tree, { ...target, generatedPaths: generated(target.names) });
        expect(snapshot(tree)).toEqual(untouched);
      });
    }

    if (check !== undefined) {
      const checkOf = async (root: string): Promise<WiringCheckContext> => {
        const host = await resolveHost(root, root);
        return { host, scan: await scanHost(host), command: (args) => `geo-gen ${args}` };
      };

      it('checks the host clean while its data type is wired', async () => {
        expect(check.call(point, await checkOf(harness.root))).toEqual({
          kind: 'checked',
          findings: [],
        });
      });

      it('reports the entry of the data type once it is missing, naming its replicator', async () => {
        const root = await harness.copy();
        const host = await resolveHost(root, root);
        const tree = new Tree(root);
        const target = {
          names: harness.wired,
          host,
          strategy: harness.strategy,
          warn: () => undefined,
        };
        await revert?.call(point, tree, { ...target, generatedPaths: new Set<string>() });
        expect(tree.changes()).not.toEqual([]);
        for (const change of tree.changes()) {
          await writeFile(join(root, change.path), tree.read(change.path) ?? '');
        }
        const verdict = check.call(point, await checkOf(root));
        expect(verdict.kind).toBe('checked');
        const subjects = verdict.kind === 'checked' ? verdict.findings.map((f) => f.subject) : [];
        expect(subjects).toContain(harness.wired.replicatorClass);
      });
    }
  });
}

/** Every file the Tree sees as changed, with its text: what the disk would become. */
function snapshot(tree: Tree): Record<string, string | undefined> {
  return Object.fromEntries(tree.changes().map((change) => [change.path, tree.read(change.path)]));
}

/** The data type's files the generator writes, whose imports may go with its entries. */
function generated(names: Names): ReadonlySet<string> {
  return new Set(Object.values(dataTypeFiles(names, DEFAULT_LAYOUT)));
}

/** A model of the strategy's runtime base class, without the replicator getter. */
function unwiredModel(names: Names, strategy: Strategy): string {
  const base = strategy === 'repository' ? 'RepositoryModel' : 'BlobModel';
  return [
    `import { ${base} } from 'geo-runtime';`,
    '',
    `export class ${names.className} extends ${base} {`,
    `  static override readonly tableName = '${names.tableName}';`,
    '}',
    '',
  ].join('\n');
}
