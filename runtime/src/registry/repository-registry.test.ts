import { expect, it } from 'vitest';
import { projectRepositoryFactory } from '../../app/factories/project-repository-factory.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';

describeOnEachEngine('RepositoryRegistry.syncedFromPrimary', (databases) => {
  const geo = useGeoSites(databases);
  /** The registry on the secondary, as the `updated` consumer and the sync each read it. */
  const registryOf = (modelRecordId: number) =>
    new ProjectRepositoryReplicator(geo.secondary, { modelRecordId }).registry();
  const startedRegistry = async () => {
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    const registry = await registryOf(record.id);
    await registry.start();
    return registry;
  };

  it('records whether the primary had the repository at the last sync', async () => {
    const registry = await startedRegistry();
    expect(registry.missingOnPrimary).toBe(false);

    expect(await registry.syncedFromPrimary({ missingOnPrimary: true })).toEqual({
      kind: 'synced',
    });
    expect(registry.state).toBe('synced');
    expect(registry.missingOnPrimary).toBe(true);

    await registry.start();
    expect(await registry.syncedFromPrimary({ missingOnPrimary: false })).toEqual({
      kind: 'synced',
    });
    expect((await registry.reload()).missingOnPrimary).toBe(false);
  });

  it('leaves a registry that an updated event reset to pending mid-sync pending', async () => {
    const registry = await startedRegistry();
    // The `updated` event's consumer, with its own copy of the row.
    await (await registryOf(registry.modelRecordId)).pending();

    expect(await registry.syncedFromPrimary({ missingOnPrimary: true })).toEqual({
      kind: 'reset-mid-sync',
      state: 'pending',
    });
    await registry.reload();
    expect(registry.state).toBe('pending');
    expect(registry.missingOnPrimary).toBe(false);
  });
});
