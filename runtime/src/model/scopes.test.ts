import { expect, it } from 'vitest';
import { GeoNodes } from '../sites/geo-nodes.ts';
import type { SelectiveSync } from '../sites/geo-node.ts';
import { namespaceFactory, projectFactory } from '../testing/factories.ts';
import { SECOND_TEST_SHARD, useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { inSelectiveSyncNamespaces, inSelectiveSyncRepositories } from './scopes.ts';

describeOnEachEngine('selective sync scopes', (databases) => {
  const geo = useGeoSites(databases);

  /**
   * group > subgroup > leaf, whose project is on the second shard; `other` with a project on the
   * default shard; `lonely` without projects.
   */
  async function world() {
    const site = geo.primary;
    const create = (parent_id: number | null = null) =>
      namespaceFactory.transient({ site }).create({ parent_id });
    const group = await create();
    const subgroup = await create(group.id);
    const leaf = await create(subgroup.id);
    const other = await create();
    const lonely = await create();
    await projectFactory
      .transient({ site })
      .create({ namespace_id: leaf.id, repository_storage: SECOND_TEST_SHARD });
    await projectFactory.transient({ site }).create({ namespace_id: other.id });
    const namespaces = { group, subgroup, leaf, other, lonely };
    const nameOf = new Map(Object.entries(namespaces).map(([name, row]) => [row.id, name]));
    return { namespaces, nameOf };
  }

  async function selectSync(selectiveSync: SelectiveSync): Promise<void> {
    await new GeoNodes(databases.main).update(geo.secondary.name, { selectiveSync });
    await geo.secondary.reload();
  }

  async function selectedNamespaces(nameOf: Map<number, string>): Promise<string[]> {
    const rows = await geo.secondary.mainDb
      .selectFrom('namespaces')
      .select('namespaces.id')
      .where(inSelectiveSyncNamespaces(geo.secondary, 'namespaces.id'))
      .orderBy('namespaces.id')
      .execute();
    return rows.map((row) => nameOf.get(Number(row.id)) ?? `unknown ${row.id}`);
  }

  it('selects every namespace when the site syncs everything', async () => {
    const { nameOf } = await world();
    expect(await selectedNamespaces(nameOf)).toEqual([
      'group',
      'subgroup',
      'leaf',
      'other',
      'lonely',
    ]);
  });

  it('selects the selected namespaces and their descendants', async () => {
    const { namespaces, nameOf } = await world();
    await selectSync({ type: 'namespaces', namespaceIds: [namespaces.subgroup.id] });
    expect(await selectedNamespaces(nameOf)).toEqual(['subgroup', 'leaf']);
  });

  it('selects, by shards, the namespaces holding a project there and their ancestors', async () => {
    const { nameOf } = await world();
    await selectSync({ type: 'shards', shards: [SECOND_TEST_SHARD] });
    expect(await selectedNamespaces(nameOf)).toEqual(['group', 'subgroup', 'leaf']);
  });

  /** Projects stand in for repositories: each has a namespace and a repository storage. */
  async function selectedRepositories(
    owner: { readonly namespaceId: string } | { readonly instance: true },
    nameOf: Map<number, string>,
  ): Promise<string[]> {
    const rows = await geo.secondary.mainDb
      .selectFrom('projects')
      .select('projects.namespace_id')
      .where(
        inSelectiveSyncRepositories(geo.secondary, {
          ...owner,
          repositoryStorage: 'projects.repository_storage',
        }),
      )
      .orderBy('projects.id')
      .execute();
    return rows.map((row) => nameOf.get(Number(row.namespace_id)) ?? `unknown ${row.namespace_id}`);
  }

  it('selects repositories of a namespace by their namespace, or by their own storage', async () => {
    const { namespaces, nameOf } = await world();
    const owner = { namespaceId: 'projects.namespace_id' };
    expect(await selectedRepositories(owner, nameOf)).toEqual(['leaf', 'other']);
    await selectSync({ type: 'namespaces', namespaceIds: [namespaces.group.id] });
    expect(await selectedRepositories(owner, nameOf)).toEqual(['leaf']);
    await selectSync({ type: 'shards', shards: ['default'] });
    expect(await selectedRepositories(owner, nameOf)).toEqual(['other']);
  });

  it('selects repositories of the instance under any namespaces, and by storage under shards', async () => {
    const { namespaces, nameOf } = await world();
    const owner = { instance: true } as const;
    await selectSync({ type: 'namespaces', namespaceIds: [namespaces.lonely.id] });
    expect(await selectedRepositories(owner, nameOf)).toEqual(['leaf', 'other']);
    await selectSync({ type: 'shards', shards: [SECOND_TEST_SHARD] });
    expect(await selectedRepositories(owner, nameOf)).toEqual(['leaf']);
  });
});
