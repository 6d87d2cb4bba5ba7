import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRepositoryFactory } from '../../app/factories/project-repository-factory.ts';
import { ProjectRepository } from '../../app/models/project-repository.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import type { MainExecutor } from '../replicator/events.ts';
import type { PublishResult } from '../replicator/publish-skip.ts';
import { bareRepositoryExists, RepositoryPathTakenError } from '../repository/bare-repository.ts';
import { hashedDiskPath } from '../repository/disk-path.ts';
import { runGit } from '../repository/git.ts';
import { EMPTY_REFS_CHECKSUM, calculateRefsChecksum } from '../repository/refs-checksum.ts';
import { UnknownRepositoryStorageError } from '../sites/repository-storages.ts';
import { projectFactory } from '../testing/factories.ts';
import { commitToRepository } from '../testing/git-commits.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { eventsOf } from '../testing/shared/inspect.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';

/** The event log is down: publishing `created` fails after the row and the repository exist. */
class BrokenEventLogReplicator extends ProjectRepositoryReplicator {
  override async handleAfterCreate(db: MainExecutor): Promise<PublishResult> {
    void db;
    throw new Error('the event log is unavailable');
  }
}

class ProjectRepositoryWithBrokenEventLog extends ProjectRepository {
  static override get replicatorClass() {
    return BrokenEventLogReplicator;
  }
}

describeOnEachEngine('RepositoryModel', (databases) => {
  const geo = useGeoSites(databases);
  const enable = () => geo.primary.flags.enable(ProjectRepositoryReplicator.replicationFeatureFlag);
  const rows = () => databases.main.selectFrom('project_repositories').selectAll().execute();
  /** Every bare repository under a site's `default` storage. */
  const repositoriesOn = async (root: string) => {
    const entries = await readdir(root, { recursive: true }).catch(() => []);
    return entries.filter((entry) => entry.endsWith('.git'));
  };

  it('creates the row, an empty bare repository at its hashed disk path, and its created event', async () => {
    await enable();
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();

    expect(record.diskPath).toBe(hashedDiskPath(`project_repositories/${record.id}`));
    expect(record.repositoryStorage).toBe('default');
    expect(record.gitDir).toBe(
      join(geo.primary.repositoryStorageRoot('default'), `${record.diskPath}.git`),
    );
    expect(await bareRepositoryExists(record.gitDir)).toBe(true);
    expect(await runGit([`--git-dir=${record.gitDir}`, 'symbolic-ref', 'HEAD'])).toBe(
      'refs/heads/main\n',
    );
    expect(await calculateRefsChecksum(record.gitDir)).toBe(EMPTY_REFS_CHECKSUM);
    expect(await eventsOf(geo.primary)).toEqual([
      expect.objectContaining({
        replicable_name: 'project_repository',
        event_name: 'created',
        payload: { model_record_id: record.id },
      }),
    ]);
  });

  it('puts the repository on the storage and at the disk path the record names', async () => {
    const record = await projectRepositoryFactory
      .transient({ site: geo.primary })
      .create({ repository_storage: 'east', disk_path: 'group/project' });
    expect(record.gitDir).toBe(
      join(geo.primary.repositoryStorageRoot('east'), 'group/project.git'),
    );
    expect(await bareRepositoryExists(record.gitDir)).toBe(true);
  });

  it('leaves neither row nor repository behind when publishing created fails', async () => {
    await enable();
    const project = await projectFactory.transient({ site: geo.primary }).create();
    await expect(
      ProjectRepositoryWithBrokenEventLog.create(geo.primary, {
        project_id: project.id,
        full_path: 'group/project',
      }),
    ).rejects.toThrow('the event log is unavailable');

    expect(await rows()).toEqual([]);
    expect(await repositoriesOn(geo.primary.repositoryStorageRoot('default'))).toEqual([]);
    expect(await eventsOf(geo.primary)).toEqual([]);
  });

  it('refuses a disk path that is taken, and leaves what is there alone', async () => {
    await enable();
    const project = await projectFactory.transient({ site: geo.primary }).create();
    const taken = join(geo.primary.repositoryStorageRoot('default'), 'group/taken.git');
    await mkdir(taken, { recursive: true });
    await writeFile(join(taken, 'precious'), 'not ours\n');

    await expect(
      ProjectRepository.create(geo.primary, {
        project_id: project.id,
        full_path: 'group/taken',
        disk_path: 'group/taken',
      }),
    ).rejects.toThrow(new RepositoryPathTakenError(taken));

    expect(await readFile(join(taken, 'precious'), 'utf8')).toBe('not ours\n');
    expect(await rows()).toEqual([]);
    expect(await eventsOf(geo.primary)).toEqual([]);
  });

  it('refuses a storage the site does not configure, saying how to configure it', async () => {
    const project = await projectFactory.transient({ site: geo.primary }).create();
    const creating = ProjectRepository.create(geo.primary, {
      project_id: project.id,
      full_path: 'group/project',
      repository_storage: 'west',
    });
    await expect(creating).rejects.toThrow(
      new UnknownRepositoryStorageError('primary', 'west', ['default', 'east']),
    );
    await expect(creating).rejects.toThrow('--repository-storage west=');
    expect(await rows()).toEqual([]);
  });

  it('cannot be created through a secondary', async () => {
    const project = await projectFactory.transient({ site: geo.primary }).create();
    await expect(
      ProjectRepository.create(geo.secondary, { project_id: project.id, full_path: 'a/b' }),
    ).rejects.toThrow(/this site is a Geo secondary/);
    expect(await repositoriesOn(geo.secondary.repositoryStorageRoot('default'))).toEqual([]);
  });

  it('finds a record by the full path users fetch it by', async () => {
    const factory = projectRepositoryFactory.transient({ site: geo.primary });
    await factory.create({ full_path: 'group/one' });
    const two = await factory.create({ full_path: 'group/two' });

    expect((await ProjectRepository.findByFullPath(geo.primary, 'group/two'))?.row).toEqual(
      two.row,
    );
    expect(await ProjectRepository.findByFullPath(geo.secondary, 'group/two')).toBeInstanceOf(
      ProjectRepository,
    );
    expect(await ProjectRepository.findByFullPath(geo.primary, 'group/three')).toBeUndefined();
  });

  it('publishes updated after a push', async () => {
    await enable();
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    await commitToRepository(record.gitDir, { files: { 'README.md': 'pushed\n' } });

    expect(await record.afterPush()).toMatchObject({ kind: 'published' });
    expect((await eventsOf(geo.primary)).map((event) => event.event_name)).toEqual([
      'created',
      'updated',
    ]);
  });

  it('destroys the row with its deleted event, then removes the repository', async () => {
    await enable();
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    await commitToRepository(record.gitDir, { files: { 'README.md': 'soon gone\n' } });

    await record.destroy();

    expect(await rows()).toEqual([]);
    expect(await bareRepositoryExists(record.gitDir)).toBe(false);
    expect((await eventsOf(geo.primary)).at(-1)).toMatchObject({
      event_name: 'deleted',
      payload: {
        model_record_id: record.id,
        repository_storage: 'default',
        disk_path: record.diskPath,
        full_path: record.fullPath,
      },
    });
  });
});
