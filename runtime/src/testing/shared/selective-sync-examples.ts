import { describe, expect, it } from 'vitest';
import type { ReplicableModel, ReplicableModelClass } from '../../model/replicable-model.ts';
import type { Strategy } from '../../replicator/replicator.ts';
import { GeoNodes } from '../../sites/geo-nodes.ts';
import type { SelectiveSync } from '../../sites/geo-node.ts';
import { DEFAULT_REPOSITORY_STORAGE } from '../../sites/repository-storages.ts';
import { FILE_STORES } from '../../uploader/uploader.ts';
import { namespaceFactory, projectFactory, type SiteParams } from '../factories.ts';
import { SECOND_TEST_SHARD, type GeoTestSites } from '../geo-test-sites.ts';

/** Where a record is put besides its project: a file store (blobs) or a repository storage. */
type Placement = { readonly file_store: number } | { readonly repository_storage: string };

/**
 * A model factory that can put a record in a project and on a placement: a blob model's must
 * accept `project_id` and `file_store`, a repository model's `project_id` and `repository_storage`.
 */
export interface ProjectRecordFactory<M extends ReplicableModel> {
  transient(params: SiteParams): {
    create(attributes: { readonly project_id: number } & Placement): Promise<M>;
  };
}

export interface SelectiveSyncExamplesOptions<M extends ReplicableModel> {
  readonly model: ReplicableModelClass<NoInfer<M>>;
  readonly factory: ProjectRecordFactory<M>;
  readonly geo: GeoTestSites;
}

/** Name, the secondary's selective sync, its `syncObjectStorage`, the records it must select. */
type Case = readonly [string, (groupId: number) => SelectiveSync, boolean, readonly string[]];

const SHARD = () => ({ type: 'shards', shards: [SECOND_TEST_SHARD] }) as const;
const GROUP = (groupId: number) => ({ type: 'namespaces', namespaceIds: [groupId] }) as const;
const EVERYTHING = () => ({ type: 'none' }) as const;

/** The records of the table (project × placement) and what each setting selects of them. */
interface Table {
  readonly placements: Readonly<Record<string, Placement>>;
  readonly cases: readonly Case[];
}

const BLOB_TABLE: Table = {
  placements: {
    local: { file_store: FILE_STORES.local },
    remote: { file_store: FILE_STORES.remote },
  },
  cases: [
    [
      'everything, local files only',
      EVERYTHING,
      false,
      ['inGroup/local', 'inSubgroup/local', 'elsewhere/local'],
    ],
    [
      'everything, with object storage',
      EVERYTHING,
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
    ['a namespace and its descendants', GROUP, false, ['inGroup/local', 'inSubgroup/local']],
    // A file follows its project's shard.
    ['a shard', SHARD, true, ['elsewhere/local', 'elsewhere/remote']],
  ],
};

const REPOSITORY_TABLE: Table = {
  placements: {
    default: { repository_storage: DEFAULT_REPOSITORY_STORAGE },
    [SECOND_TEST_SHARD]: { repository_storage: SECOND_TEST_SHARD },
  },
  cases: [
    [
      'everything',
      EVERYTHING,
      false,
      [
        'inGroup/default',
        'inGroup/east',
        'inSubgroup/default',
        'inSubgroup/east',
        'elsewhere/default',
        'elsewhere/east',
      ],
    ],
    [
      'a namespace and its descendants',
      GROUP,
      false,
      ['inGroup/default', 'inGroup/east', 'inSubgroup/default', 'inSubgroup/east'],
    ],
    // A repository is on its own storage, whatever its project's says.
    ['a shard', SHARD, false, ['inGroup/east', 'inSubgroup/east', 'elsewhere/east']],
  ],
};

const TABLES: Readonly<Record<Strategy, Table>> = {
  blob: BLOB_TABLE,
  repository: REPOSITORY_TABLE,
};

/**
 * The parameterised table for `replicablesForCurrentSecondary` of a model that belongs to a
 * project: selective sync by namespace (with descendants) and by shard, and for blobs the
 * object-storage rule. A group with a subgroup, another group whose project is on shard `east`,
 * and in each project a record per placement: a local and a remote file for blobs, a repository
 * on storage `default` and one on `east` for repositories.
 */
export function itSelectsReplicablesForCurrentSecondary<M extends ReplicableModel>(
  options: SelectiveSyncExamplesOptions<M>,
): void {
  const { model, factory, geo } = options;
  const table = TABLES[model.replicatorClass.strategy];

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
        .create({ namespace_id: other.id, repository_storage: SECOND_TEST_SHARD }),
    };
    const records = new Map<string, number>();
    for (const [name, project] of Object.entries(projects)) {
      for (const [placementName, placement] of Object.entries(table.placements)) {
        const record = await factory
          .transient({ site })
          .create({ project_id: project.id, ...placement });
        records.set(`${name}/${placementName}`, record.id);
      }
    }
    return { groupId: group.id, records };
  }

  describe(`${model.name}.replicablesForCurrentSecondary`, () => {
    it.each(table.cases)(
      'selects %s',
      async (_case, selectiveSync, syncObjectStorage, expected) => {
        const { groupId, records } = await world();
        await new GeoNodes(geo.databases.main).update(geo.secondary.name, {
          selectiveSync: selectiveSync(groupId),
          syncObjectStorage,
        });
        await geo.secondary.reload();
        const ids = [...records.values()];
        const range = { from: Math.min(...ids), to: Math.max(...ids) };
        const selected = await model.replicablesForCurrentSecondary(geo.secondary, range);
        const names = new Map([...records].map(([name, id]) => [id, name]));
        expect(selected.map((id) => names.get(id))).toEqual(expected);
      },
    );

    it('stays within the id range', async () => {
      const { records } = await world();
      const [first = 0] = records.values();
      expect(
        await model.replicablesForCurrentSecondary(geo.secondary, { from: first, to: first }),
      ).toEqual([first]);
    });
  });
}
