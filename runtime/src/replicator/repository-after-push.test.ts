import { expect, it } from 'vitest';
import { projectRepositoryFactory } from '../../app/factories/project-repository-factory.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import { runGit } from '../repository/git.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { eventsOf, verificationColumns } from '../testing/shared/inspect.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { VERIFICATION_STATES } from '../states/verification-state.ts';
import { checksumFromBytes } from '../verification/checksum.ts';
import { calculateRefsChecksum } from '../repository/refs-checksum.ts';

/** A commit on `main` of a bare repository, made with plumbing (no work tree). */
async function commit(gitDir: string, message: string): Promise<void> {
  const env = {
    GIT_AUTHOR_NAME: 'Geo Test',
    GIT_AUTHOR_EMAIL: 'geo-test@example.com',
    GIT_COMMITTER_NAME: 'Geo Test',
    GIT_COMMITTER_EMAIL: 'geo-test@example.com',
  };
  const tree = (await runGit([`--git-dir=${gitDir}`, 'mktree'], { env })).trim();
  const commitId = (
    await runGit([`--git-dir=${gitDir}`, 'commit-tree', tree, '-m', message], { env })
  ).trim();
  await runGit([`--git-dir=${gitDir}`, 'update-ref', 'refs/heads/main', commitId]);
}

describeOnEachEngine('RepositoryReplicator after a push', (databases) => {
  const geo = useGeoSites(databases);

  it('checksums the new refs again on the primary and tells secondaries, in one transaction', async () => {
    await geo.primary.flags.enable(ProjectRepositoryReplicator.replicationFeatureFlag);
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    await ProjectRepositoryReplicator.verifyBatch(geo.primary);
    const before = await verificationColumns(
      geo.primary,
      ProjectRepositoryReplicator.model,
      record.id,
    );
    expect(before.verification_state).toBe(VERIFICATION_STATES.succeeded);

    await commit(record.gitDir, 'first push');
    await geo.databases.main.deleteFrom('geo_events').execute();
    expect(await record.afterPush()).toMatchObject({ kind: 'published' });

    const after = await verificationColumns(
      geo.primary,
      ProjectRepositoryReplicator.model,
      record.id,
    );
    expect(after.verification_state).toBe(VERIFICATION_STATES.pending);
    expect(await eventsOf(geo.primary)).toEqual([
      expect.objectContaining({ event_name: 'updated', payload: { model_record_id: record.id } }),
    ]);
    await ProjectRepositoryReplicator.verifyBatch(geo.primary);
    const again = await verificationColumns(
      geo.primary,
      ProjectRepositoryReplicator.model,
      record.id,
    );
    expect(checksumFromBytes(again.verification_checksum)).toBe(
      await calculateRefsChecksum(record.gitDir),
    );
    expect(checksumFromBytes(again.verification_checksum)).not.toBe(
      checksumFromBytes(before.verification_checksum),
    );
  });

  it('leaves the primary as it was when the caller rolls back', async () => {
    await geo.primary.flags.enable(ProjectRepositoryReplicator.replicationFeatureFlag);
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    await ProjectRepositoryReplicator.verifyBatch(geo.primary);
    await geo.databases.main.deleteFrom('geo_events').execute();

    await expect(
      geo.primary.mainDb.transaction().execute(async (trx) => {
        await record.afterPush(trx);
        throw new Error('the push was rejected');
      }),
    ).rejects.toThrow('the push was rejected');

    const state = await verificationColumns(
      geo.primary,
      ProjectRepositoryReplicator.model,
      record.id,
    );
    expect(state.verification_state).toBe(VERIFICATION_STATES.succeeded);
    expect(await eventsOf(geo.primary)).toEqual([]);
  });
});
