import { access } from 'node:fs/promises';
import { FILE_STORES, GeoNodes, type SelectiveSync } from 'geo-runtime';
import {
  describeOnEachEngine,
  eventsOf,
  namespaceFactory,
  projectFactory,
  useGeoSites,
} from 'geo-runtime/testing';
import { expect, it } from 'vitest';
import { packageFileFactory } from '../factories/package-file-factory.ts';
import { PackageFile } from './package-file.ts';

describeOnEachEngine('PackageFile', (databases) => {
  const geo = useGeoSites(databases);

  /**
   * The world of the table below: a group with a subgroup, another group, projects in each (one
   * on the `east` shard), and a local and a remote file in each project.
   */
  async function world() {
    const site = geo.primary;
    const group = await namespaceFactory.transient({ site }).create();
    const subgroup = await namespaceFactory.transient({ site }).create({ parent_id: group.id });
    const other = await namespaceFactory.transient({ site }).create();
    const projects = {
      inGroup: await projectFactory.transient({ site }).create({ namespace_id: group.id }),
      inSubgroup: await projectFactory.transient({ site }).create({ namespace_id: subgroup.id }),
      elsewhere: await projectFactory
        .transient({ site })
        .create({ namespace_id: other.id, repository_storage: 'east' }),
    };
    const files: Record<string, number> = {};
    for (const [name, project] of Object.entries(projects)) {
      files[`${name}/local`] = (
        await packageFileFactory.transient({ site }).create({ project_id: project.id })
      ).id;
      files[`${name}/remote`] = (
        await packageFileFactory
          .transient({ site })
          .create({ project_id: project.id, file_store: FILE_STORES.remote })
      ).id;
    }
    return { groupId: group.id, files };
  }

  it.each<[string, (groupId: number) => SelectiveSync, boolean, string[]]>([
    [
      'everything, local files only',
      () => ({ type: 'none' }),
      false,
      ['inGroup/local', 'inSubgroup/local', 'elsewhere/local'],
    ],
    [
      'everything, with object storage',
      () => ({ type: 'none' }),
      true,
      [
        'inGroup/local',
        'inGroup/remote',
        'inSubgroup/local',
        'inSubgroup/remote',
        'elsewhere/local',
        'elsewhere/remote',
      ],
    ],
    [
      'a namespace and its descendants',
      (groupId) => ({ type: 'namespaces', namespaceIds: [groupId] }),
      false,
      ['inGroup/local', 'inSubgroup/local'],
    ],
    [
      'a shard',
      () => ({ type: 'shards', shards: ['east'] }),
      true,
      ['elsewhere/local', 'elsewhere/remote'],
    ],
  ])(
    'replicablesForCurrentSecondary: %s',
    async (_case, selectiveSync, syncObjectStorage, expected) => {
      const { groupId, files } = await world();
      await new GeoNodes(databases.main).update('secondary', {
        selectiveSync: selectiveSync(groupId),
        syncObjectStorage,
      });
      await geo.secondary.reload();
      const ids = Object.values(files);
      const selected = await PackageFile.replicablesForCurrentSecondary(geo.secondary, {
        from: Math.min(...ids),
        to: Math.max(...ids),
      });
      expect(selected).toEqual(
        expected.map((name) => files[name]).sort((a, b) => (a ?? 0) - (b ?? 0)),
      );
    },
  );

  it('restricts replicablesForCurrentSecondary to the id range', async () => {
    const { files } = await world();
    const first = files['inGroup/local'] as number;
    expect(
      await PackageFile.replicablesForCurrentSecondary(geo.secondary, { from: first, to: first }),
    ).toEqual([first]);
  });

  it('creates the row, its file and its created event together', async () => {
    await geo.primary.flags.enable('geo_package_file_replication');
    const packageFile = await packageFileFactory
      .transient({ site: geo.primary })
      .create({ fileContent: 'tgz' });
    expect(packageFile.row).toMatchObject({
      file: expect.stringMatching(/^file-\d+\.bin$/),
      size: 3,
      file_store: FILE_STORES.local,
    });
    expect(await packageFile.file.exists()).toBe(true);
    expect((await eventsOf(geo.primary)).map((event) => event.event_name)).toEqual(['created']);
  });

  it('leaves neither row nor file behind when the insert fails', async () => {
    await expect(
      PackageFile.create(
        geo.primary,
        { project_id: 999_999, file_name: 'orphan.tgz' },
        { name: 'orphan.tgz', content: 'x' },
      ),
    ).rejects.toThrow(/foreign key/);
    expect(await databases.main.selectFrom('package_files').selectAll().execute()).toEqual([]);
    await expect(access(`${geo.primary.storageRoot}/package_files/1/orphan.tgz`)).rejects.toThrow();
  });

  it('cannot be created through a secondary', async () => {
    const project = await projectFactory.transient({ site: geo.primary }).create();
    await expect(
      PackageFile.create(
        geo.secondary,
        { project_id: project.id, file_name: 'a.tgz' },
        { name: 'a.tgz', content: 'x' },
      ),
    ).rejects.toThrow(/this site is a Geo secondary/);
  });

  it('has factory traits for the primary verification state', async () => {
    const succeeded = await packageFileFactory
      .transient({ site: geo.primary })
      .verificationSucceeded()
      .create();
    expect(succeeded.row.verification_state).toBe(2);
    const failed = await packageFileFactory
      .transient({ site: geo.primary })
      .verificationFailed()
      .create();
    expect(failed.row).toMatchObject({
      verification_state: 3,
      verification_failure: 'Could not calculate the checksum',
    });
  });
});
