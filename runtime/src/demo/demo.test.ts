import { describe, expect, it } from 'vitest';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import type { ProgressFrame } from './progress.ts';
import { runDemo } from './demo.ts';

describe('the demo, on the embedded default', () => {
  it('syncs and verifies, fetches pushes, propagates deletions, detects corrupted copies and resyncs them', async () => {
    const phases: string[] = [];
    const signedIn: string[] = [];
    const report = await runDemo({
      count: 3,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      phaseTimeoutMs: 120_000,
      onFrame: (frame: ProgressFrame) => {
        if (phases.at(-1) !== frame.phase) phases.push(frame.phase);
      },
      // What --keep-running waits in: the sites still up, their admin pages open to the token.
      beforeClose: async (finished, links) => {
        expect(finished.converged).toBe(true);
        for (const site of links.sites) {
          const response = await fetch(`${site.url}/admin/sign_in`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ token: links.adminToken }).toString(),
            redirect: 'manual',
          });
          expect(response.status).toBe(303);
          const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
          const sites = await fetch(`${site.url}/admin/geo/sites`, { headers: { cookie } });
          expect(sites.status).toBe(200);
          if ((await sites.text()).includes('data-site="secondary"')) signedIn.push(site.name);
        }
      },
    });
    expect(report.failure).toBeUndefined();
    expect(report.converged).toBe(true);
    expect(signedIn).toEqual(['primary', 'secondary']);
    // Closed once beforeClose settled.
    const primaryUrl = report.links?.sites[0]?.url ?? '';
    await expect(fetch(`${primaryUrl}/admin`)).rejects.toThrow();
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
