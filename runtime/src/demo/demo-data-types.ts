import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { BlobReplicatorClass } from '../replicator/blob-replicator.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { RepositoryReplicatorClass } from '../replicator/repository-replicator.ts';
import { commitFiles } from '../repository/commit-files.ts';
import { runGit } from '../repository/git.ts';
import { calculateRefsChecksum } from '../repository/refs-checksum.ts';
import type { GeoSite } from '../sites/geo-site.ts';

/** A record the demo made on the primary. */
export interface DemoRecord {
  readonly id: number;
  destroy(): Promise<void>;
}

/** What the demo does to one data type's records, in the way its strategy stores them. */
export interface DemoDataType {
  readonly replicator: ReplicatorClass;
  /** Creates the `index`th record on the primary, with some data. */
  create(index: number): Promise<DemoRecord>;
  /**
   * Changes a record's data on the primary as users do (a push for a repository); returns false
   * for a strategy whose data never changes in place (blobs).
   */
  update(record: DemoRecord): Promise<boolean>;
  /** Whether the secondary's copy holds the primary's current data. */
  copyIsCurrent(record: DemoRecord): Promise<boolean>;
  /** Damages the secondary's copy, as bit rot or a careless administrator would. */
  corruptCopy(record: DemoRecord): Promise<void>;
}

interface DemoSitePair {
  readonly primary: GeoSite;
  readonly secondary: GeoSite;
}

/** The demo's handling of `replicator`'s data type, chosen by its strategy. */
export function demoDataType(
  replicator: ReplicatorClass,
  sites: DemoSitePair,
  projectId: number,
): DemoDataType {
  switch (replicator.strategy) {
    case 'blob':
      return blobDataType(replicator, sites, projectId);
    case 'repository':
      return repositoryDataType(replicator, sites, projectId);
  }
}

function blobDataType(
  replicator: BlobReplicatorClass,
  { primary, secondary }: DemoSitePair,
  projectId: number,
): DemoDataType {
  const copyOf = (record: DemoRecord) =>
    new replicator(secondary, { modelRecordId: record.id }).uploader();
  return {
    replicator,
    async create(index) {
      const name = `${replicator.replicableName}-${index}.bin`;
      // The model's own columns are the host's: the demo knows the project and the file name.
      const attributes = { project_id: projectId, file_name: name } as never;
      return replicator.model.create(primary, attributes, {
        name,
        content: randomBytes(512 + index * 64),
      });
    },
    update: async () => false,
    async copyIsCurrent(record) {
      const [original, copy] = await Promise.all([
        new replicator(primary, { modelRecordId: record.id }).calculateChecksum(),
        new replicator(secondary, { modelRecordId: record.id }).calculateChecksum().catch(() => ''),
      ]);
      return original === copy;
    },
    async corruptCopy(record) {
      const copy = await copyOf(record);
      if (copy.path !== null) await writeFile(copy.path, 'bit rot');
    },
  };
}

function repositoryDataType(
  replicator: RepositoryReplicatorClass,
  { primary, secondary }: DemoSitePair,
  projectId: number,
): DemoDataType {
  const gitDirOn = (site: GeoSite, record: DemoRecord) =>
    new replicator(site, { modelRecordId: record.id }).gitDir();
  const commits = new Map<number, number>();
  const commit = async (record: DemoRecord) => {
    const count = (commits.get(record.id) ?? 0) + 1;
    commits.set(record.id, count);
    await commitFiles(await gitDirOn(primary, record), {
      files: {
        'README.md': `# ${replicator.replicableTitle} ${record.id}\n\nCommit ${count}.\n`,
        'data.bin': randomBytes(256),
      },
      message: `Commit ${count}`,
    });
  };
  /** The post-receive hook point: the primary checksums again and secondaries fetch. */
  const pushed = async (record: DemoRecord) =>
    (await replicator.model.find(primary, record.id)).afterPush();
  return {
    replicator,
    async create(index) {
      // The model's own columns are the host's: the demo knows the project and the path.
      const attributes = {
        project_id: projectId,
        full_path: `demo/${replicator.replicableNamePlural}-${index}`,
      } as never;
      const record = await replicator.model.create(primary, attributes);
      // A first push of two commits, so every repository has history to lose (see corruptCopy).
      await commit(record);
      await commit(record);
      await pushed(record);
      return record;
    },
    async update(record) {
      await commit(record);
      await pushed(record);
      return true;
    },
    async copyIsCurrent(record) {
      const [original, copy] = await Promise.all([
        calculateRefsChecksum(await gitDirOn(primary, record)),
        calculateRefsChecksum(await gitDirOn(secondary, record)).catch(() => ''),
      ]);
      return original === copy;
    },
    async corruptCopy(record) {
      // A branch moved back one commit on the secondary only: its refs no longer match.
      const gitDir = await gitDirOn(secondary, record);
      await runGit([`--git-dir=${gitDir}`, 'update-ref', 'refs/heads/main', 'refs/heads/main~1']);
    },
  };
}
