import { describe, expect, it, onTestFinished } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import type { ReplicableContext } from '../../src/commands/replicable/context.ts';
import { resolveHost } from '../../src/host/resolve-host.ts';
import { names } from '../../src/naming/names.ts';
import { Tree } from '../../src/tree/tree.ts';
import { runtimeCopy } from '../support/runtime-copy.ts';

describe('the host-list patches of geo-gen replicable', () => {
  it('patch every list of the runtime once, and nothing on a second run', async () => {
    const copy = await runtimeCopy();
    onTestFinished(copy.remove);
    const host = await resolveHost(copy.root, copy.root);
    const warnings: string[] = [];
    const context: ReplicableContext = {
      names: names('CoolWidget'),
      options: {
        name: 'CoolWidget',
        strategy: 'blob',
        verificationTable: 'inline',
      } as ReplicableContext['options'],
      host,
      now: new Date(),
      warn: (message) => warnings.push(message),
    };
    const tree = new Tree(copy.root);
    for (const patch of REPLICABLE_PATCHES) await patch(tree, context);
    expect(
      tree
        .changes()
        .map((change) => `${change.kind} ${change.path}`)
        .sort(),
    ).toEqual([
      'UPDATE app/geo-node-status.test.ts',
      'UPDATE app/graphql/geo-node-registry-fields.ts',
      'UPDATE app/replicator-classes.ts',
      'UPDATE docs/api/geo-nodes.md',
      'UPDATE docs/monitoring/metrics.md',
    ]);
    const afterFirst = Object.fromEntries(
      tree.changes().map((change) => [change.path, tree.read(change.path)]),
    );
    for (const patch of REPLICABLE_PATCHES) await patch(tree, context);
    for (const [path, text] of Object.entries(afterFirst)) expect(tree.read(path)).toBe(text);
    expect(tree.read('app/graphql/geo-node-registry-fields.ts')).toContain(
      "featureFlag: 'geo_cool_widget_replication'",
    );
    expect(tree.read('docs/monitoring/metrics.md')).toContain(
      '| `geo_cool_widgets_verification_failed` | gauge |',
    );
    expect(tree.read('docs/monitoring/metrics.md')).toContain(
      '| `geo_cool_widgets_oldest_unsynced_time` | gauge |',
    );
    expect(tree.read('docs/api/geo-nodes.md')).toContain(
      '| `cool_widgets_oldest_unsynced_time` | secondary |',
    );
    expect(warnings).toEqual([]);
  });
});
