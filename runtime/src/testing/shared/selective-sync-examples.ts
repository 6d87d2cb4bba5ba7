import { describe, expect, it } from 'vitest';
import type { BlobModel, BlobModelClass } from '../../model/blob-model.ts';
import { GeoNodes } from '../../sites/geo-nodes.ts';
import type { SelectiveSync } from '../../sites/geo-node.ts';
import { FILE_STORES } from '../../uploader/uploader.ts';
import { namespaceFactory, projectFactory, type BlobModelFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';

export interface SelectiveSyncExamplesOptions<M extends BlobModel> {
  readonly model: BlobModelClass<NoInfer<M>>;
  /** Must accept `project_id` and `file_store` attributes. */
  readonly factory: BlobModelFactory<M>;
  readonly geo: GeoTestSites;
}

type Case = readonly [string, (groupId: number) => SelectiveSync, boolean, readonly string[]];

const CASES: readonly Case[] = [
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
];

/**
 * The parameterised table for `replicablesForCurrentSecondary` of a model that belongs to a
 * project: selective sync by namespace (with descendants) and by shard, and the object-storage
 * rule. A group with a subgroup, another group whose project is on shard `east`, and a local
 * and a remote record in each project.
 */
export function itSelectsReplicablesForCurrentSecondary<M extends BlobModel>(
  options: SelectiveSyncExamplesOptions<M>,
): void {
  const { model, factory, geo } = options;

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
    const records: Record<string, number> = {};
    for (const [name, project] of Object.entries(projects)) {
      for (const [store, file_store] of Object.entries(FILE_STORES)) {
        const attributes = { project_id: project.id, file_store } as Parameters<
          typeof factory.create
        >[0];
        records[`${name}/${store}`] = (await factory.transient({ site }).create(attributes)).id;
      }
    }
    return { groupId: group.id, records };
  }

  describe(`${model.name}.replicablesForCurrentSecondary`, () => {
    it.each(CASES)('selects %s', async (_case, selectiveSync, syncObjectStorage, expected) => {
      const { groupId, records } = await world();
      await new GeoNodes(geo.databases.main).update(geo.secondary.name, {
        selectiveSync: selectiveSync(groupId),
        syncObjectStorage,
      });
      await geo.secondary.reload();
      const ids = Object.values(records);
      const range = { from: Math.min(...ids), to: Math.max(...ids) };
      expect(await model.replicablesForCurrentSecondary(geo.secondary, range)).toEqual(
        expected.map((name) => records[name]).sort((a = 0, b = 0) => a - b),
      );
    });

    it('stays within the id range', async () => {
      const { records } = await world();
      const first = records['inGroup/local'] as number;
      expect(
        await model.replicablesForCurrentSecondary(geo.secondary, { from: first, to: first }),
      ).toEqual([first]);
    });
  });
}
