import { describe, expect, it } from 'vitest';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import type { ProgressFrame } from './progress.ts';
import { runDemo } from './demo.ts';

describe('the demo, on the embedded default', () => {
  it('syncs and verifies, fetches pushes, propagates deletions, detects corrupted copies and resyncs them', async () => {
    const phases: string[] = [];
    const report = await runDemo({
      count: 3,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      phaseTimeoutMs: 120_000,
      onFrame: (frame: ProgressFrame) => {
        if (phases.at(-1) !== frame.phase) phases.push(frame.phase);
      },
    });
    expect(report.failure).toBeUndefined();
    expect(report.converged).toBe(true);
    const converged = {
      created: 3,
      synced: 2,
      verified: 2,
      deleted: 1,
      mismatches_detected: 1,
      resynced: 1,
    };
    // Every data type of the host, whichever it has: the committed PackageFile and
    // ProjectRepository, and any added since.
    expect(REPLICATOR_CLASSES.map((replicator) => replicator.replicableName)).toEqual(
      expect.arrayContaining(['package_file', 'project_repository']),
    );
    expect(report.results).toEqual(
      Object.fromEntries(
        REPLICATOR_CLASSES.map((replicator) => [replicator.replicableName, converged]),
      ),
    );
    expect(phases).toEqual([
      'syncing and verifying',
      // Repositories change in place: pushes to them are fetched and verified again.
      'fetching pushes',
      'propagating deletions',
      'detecting mismatches',
      'resyncing',
      'converged',
    ]);
  }, 600_000);
});
