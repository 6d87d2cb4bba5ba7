import { rm } from 'node:fs/promises';
import type { RepositoryReplicatorClass } from '../../replicator/repository-replicator.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import { commitToRepository, mirrorRepository, refsChecksumOf } from '../git-commits.ts';
import type { ReplicatorExamplesOptions } from './replicator-examples-options.ts';
import type { StrategyAdapter } from './strategy-adapter.ts';

/**
 * Repositories: the data is the record's bare repository, given one commit on `main`; its
 * checksum is the refs checksum. A site's copy is a `git clone --mirror` of the primary's; a
 * spoiled copy has its `main` moved to another commit.
 */
export function repositoryStrategyAdapter(
  options: ReplicatorExamplesOptions<RepositoryReplicatorClass>,
): StrategyAdapter {
  const { replicator, geo, createRecord } = options;
  const gitDir = (site: GeoSite, id: number): Promise<string> =>
    new replicator(site, { modelRecordId: id }).gitDir();

  return {
    notChecksummable: 'Repository is not checksummable',
    async createWithData(content) {
      const record = await createRecord(geo.primary);
      const commit = await commitToRepository(await gitDir(geo.primary, record.id), {
        files: { 'README.md': content },
        message: 'Add README',
      });
      return { id: record.id, checksum: refsChecksumOf({ 'refs/heads/main': commit }) };
    },
    async copyToSite(site, id) {
      await mirrorRepository(await gitDir(geo.primary, id), await gitDir(site, id));
    },
    async spoilCopy(site, id) {
      await commitToRepository(await gitDir(site, id), {
        files: { 'README.md': 'corrupted by the test\n' },
        message: 'Not on the primary',
      });
    },
    async removeData(site, id) {
      await rm(await gitDir(site, id), { recursive: true, force: true });
    },
  };
}
