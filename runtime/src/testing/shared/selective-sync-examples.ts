import { describe, expect, it } from 'vitest';
import type { ReplicableModel, ReplicableModelClass } from '../../model/replicable-model.ts';
import type { Strategy } from '../../replicator/replicator.ts';
import { GeoNodes } from '../../sites/geo-nodes.ts';
import type { SelectiveSync } from '../../sites/geo-node.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import { DEFAULT_REPOSITORY_STORAGE } from '../../sites/repository-storages.ts';
import { FILE_STORES } from '../../uploader/uploader.ts';
import { namespaceFactory, projectFactory, type SiteParams } from '../factories.ts';
import { SECOND_TEST_SHARD, type GeoTestSites } from '../geo-test-sites.ts';

/** Where a record is put besides its project: a file store (blobs) or a repository storage. */
type Placement = { readonly file_store: number } | { readonly repository_storage: string };

/** Who a record belongs to: a project, a namespace (a group), or the instance. */
export type RecordOwner = 'project' | 'namespace' | 'none';

/** The column a record's owner is given by, per owner (an instance's record has none). */
interface OwnerColumns {
  readonly project: { readonly project_id: number };
  readonly namespace: { readonly namespace_id: number };
  readonly none: Readonly<Record<never, never>>;
}

/**
 * A model factory that can put a record in its owner and on a placement: a blob model's must
 * accept its owner's column (`project_id`, `namespace_id` or none) and `file_store`, a repository
 * model's its owner's column and `repository_storage`.
 */
export interface OwnedRecordFactory<M extends ReplicableModel, O extends RecordOwner> {
  transient(params: SiteParams): {
    create(attributes: OwnerColumns[O] & PlacementColumns): Promise<M>;
  };
}

/**
 * Either placement, as a factory's parameter: one type for both strategies, so that a record of
 * the instance (no owner column) still shares a column with its factory's attributes.
 */
type PlacementColumns = { readonly file_store?: number; readonly repository_storage?: string };

/** A model factory that can put a record in a project and on a placement. */
export type ProjectRecordFactory<M extends ReplicableModel> = OwnedRecordFactory<M, 'project'>;

interface ExamplesBase<M extends ReplicableModel> {
  readonly model: ReplicableModelClass<NoInfer<M>>;
  readonly geo: GeoTestSites;
}

/** The model, its factory and, unless its records belong to projects, who owns them. */
export type SelectiveSyncExamplesOptions<M extends ReplicableModel> =
  | (ExamplesBase<M> & {
      readonly owner?: 'project';
      readonly factory: OwnedRecordFactory<M, 'project'>;
    })
  | (ExamplesBase<M> & {
      readonly owner: 'namespace';
      readonly factory: OwnedRecordFactory<M, 'namespace'>;
    })
  | (ExamplesBase<M> & { readonly owner: 'none'; readonly factory: OwnedRecordFactory<M, 'none'> });

/** Name, the secondary's selective sync, its `syncObjectStorage`, the records it must select. */
type Case = readonly [string, (groupId: number) => SelectiveSync, boolean, readonly string[]];

const SHARD = () => ({ type: 'shards', shards: [SECOND_TEST_SHARD] }) as const;
const GROUP = (groupId: number) => ({ type: 'namespaces', namespaceIds: [groupId] }) as const;
const EVERYTHING = () => ({ type: 'none' }) as const;

/** The records of the table (owner × placement) and what each setting selects of them. */
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
    // A file follows its project's shard; a group's file, the shards of the projects under it.
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

/** A record of the instance: the same under every selective sync, within the storage rules. */
const INSTANCE_BLOB_TABLE: Table = {
  placements: BLOB_TABLE.placements,
  cases: [
    ['everything, local files only', EVERYTHING, false, ['instance/local']],
    ['everything, with object storage', EVERYTHING, true, ['instance/local', 'instance/remote']],
    ['a namespace and its descendants', GROUP, false, ['instance/local']],
    ['a shard', SHARD, true, ['instance/local', 'instance/remote']],
  ],
};

const INSTANCE_REPOSITORY_TABLE: Table = {
  placements: REPOSITORY_TABLE.placements,
  cases: [
    ['everything', EVERYTHING, false, ['instance/default', 'instance/east']],
    ['a namespace and its descendants', GROUP, false, ['instance/default', 'instance/east']],
    // A repository is on its own storage, whoever owns it.
    ['a shard', SHARD, false, ['instance/east']],
  ],
};

/**
 * The tables by owner and strategy. A namespace's records are named like a project's (`inGroup`
 * is the group's record, `elsewhere` the other group's, which holds the project on shard `east`),
 * and are selected alike.
 */
const TABLES: Readonly<Record<RecordOwner, Readonly<Record<Strategy, Table>>>> = {
  project: { blob: BLOB_TABLE, repository: REPOSITORY_TABLE },
  namespace: { blob: BLOB_TABLE, repository: REPOSITORY_TABLE },
  none: { blob: INSTANCE_BLOB_TABLE, repository: INSTANCE_REPOSITORY_TABLE },
};

/** What the examples' world holds: a group with a subgroup, another group and their projects. */
interface Owners {
  readonly groups: Readonly<Record<OwnerName, number>>;
  readonly projects: Readonly<Record<OwnerName, number>>;
}

type OwnerName = 'inGroup' | 'inSubgroup' | 'elsewhere';

/** Creates, for each owner of the examples, a record per placement: `[name, create]`. */
function recordCreators<M extends ReplicableModel>(
  options: SelectiveSyncExamplesOptions<M>,
  site: GeoSite,
  owners: Owners,
): [string, (placement: Placement) => Promise<M>][] {
  const names: readonly OwnerName[] = ['inGroup', 'inSubgroup', 'elsewhere'];
  switch (options.owner) {
    case undefined:
    case 'project': {
      const factory = options.factory;
      return names.map((name) => [
        name,
        (placement) =>
          factory.transient({ site }).create({ project_id: owners.projects[name], ...placement }),
      ]);
    }
    case 'namespace': {
      const factory = options.factory;
      return names.map((name) => [
        name,
        (placement) =>
          factory.transient({ site }).create({ namespace_id: owners.groups[name], ...placement }),
      ]);
    }
    case 'none': {
      const factory = options.factory;
      return [['instance', (placement) => factory.transient({ site }).create(placement)]];
    }
  }
}

/**
 * The parameterised table for `replicablesForCurrentSecondary`: selective sync by namespace
 * (with descendants) and by shard, and for blobs the object-storage rule. A group with a
 * subgroup, another group whose project is on shard `east`, and for each owner (each project,
 * each group, or the instance, by `owner`) a record per placement: a local and a remote file for
 * blobs, a repository on storage `default` and one on `east` for repositories.
 */
export function itSelectsReplicablesForCurrentSecondary<M extends ReplicableModel>(
  options: SelectiveSyncExamplesOptions<M>,
): void {
  const { model, geo } = options;
  const table = TABLES[options.owner ?? 'project'][model.replicatorClass.strategy];

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
    const owners: Owners = {
      groups: { inGroup: group.id, inSubgroup: subgroup.id, elsewhere: other.id },
      projects: {
        inGroup: projects.inGroup.id,
        inSubgroup: projects.inSubgroup.id,
        elsewhere: projects.elsewhere.id,
      },
    };
    const records = new Map<string, number>();
    for (const [name, create] of recordCreators(options, site, owners)) {
      for (const [placementName, placement] of Object.entries(table.placements)) {
        records.set(`${name}/${placementName}`, (await create(placement)).id);
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
