import { expect, it } from 'vitest';
import type { Registry } from '../../registry/registry.ts';
import type { RegistriesRequestContext, RegistryJson } from './registries-request-context.ts';

/**
 * The mutations of `itGetsRegistriesFor`: resync and reverify of one registry and of all, and the
 * errors that name an unknown registry id or class.
 */
export function itUpdatesRegistries<R extends Registry>(
  context: RegistriesRequestContext<R>,
): void {
  const { geo, registryClassName, registryClassValue, create, client } = context;

  const updateMutation = `
    mutation Update($registryId: ID!, $action: GeoRegistryAction!) {
      geoRegistriesUpdate(input: { registryClass: ${registryClassValue}, registryId: $registryId, action: $action }) {
        registry { __typename id state verificationState }
      }
    }`;
  const bulkMutation = `
    mutation BulkUpdate($action: GeoRegistriesBulkAction!) {
      geoRegistriesBulkUpdate(input: { registryClass: ${registryClassValue}, action: $action }) {
        registryClass action updatedCount
      }
    }`;

  it('resyncs one registry: it becomes pending', async () => {
    const registry = await create().synced().verificationSucceeded().create();
    const response = await client.post<{ geoRegistriesUpdate: { registry: RegistryJson } }>(
      updateMutation,
      { registryId: String(registry.id), action: 'RESYNC' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.geoRegistriesUpdate.registry).toEqual({
      __typename: registryClassName,
      id: String(registry.id),
      state: 'PENDING',
      verificationState: 'DISABLED',
    });
    expect((await registry.reload()).state).toBe('pending');
  });

  it('reverifies one registry: its verification becomes pending', async () => {
    const registry = await create().synced().verificationSucceeded().create();
    const response = await client.post<{ geoRegistriesUpdate: { registry: RegistryJson } }>(
      updateMutation,
      { registryId: String(registry.id), action: 'REVERIFY' },
    );
    expect(response.data?.geoRegistriesUpdate.registry).toMatchObject({
      state: 'SYNCED',
      verificationState: 'PENDING',
    });
    expect((await registry.reload()).verificationState).toBe('pending');
  });

  it('refuses an unknown registry id or class with a message saying so', async () => {
    const missing = await client.post(updateMutation, { registryId: '999999', action: 'RESYNC' });
    expect(missing.status).toBe(200);
    expect(missing.errors?.[0]?.message).toBe(
      `${registryClassName} 999999 does not exist on site ${geo.secondary.name}. List the ` +
        `site's registries (geoNode { …Registries { nodes { id } } }) for the ids it has.`,
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const badId = await client.post(updateMutation, { registryId: 'abc', action: 'RESYNC' });
    expect(badId.errors?.[0]?.message).toMatch('"abc" is not a registry id');

    const unknownClass = await client.post(
      updateMutation.replace(registryClassValue, 'NO_SUCH_REGISTRY'),
      { registryId: '1', action: 'RESYNC' },
    );
    expect(unknownClass.status).toBe(400);
    expect(unknownClass.errors?.[0]?.message).toMatch(
      'Value "NO_SUCH_REGISTRY" does not exist in "GeoRegistryClass" enum.',
    );
  });

  it('resyncs all registries: every one not pending becomes pending', async () => {
    const registries = [
      await create().synced().create(),
      await create().failed().create(),
      await create().create(),
    ];
    const response = await client.post<{ geoRegistriesBulkUpdate: Record<string, unknown> }>(
      bulkMutation,
      { action: 'RESYNC_ALL' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.geoRegistriesBulkUpdate).toEqual({
      registryClass: registryClassValue,
      action: 'RESYNC_ALL',
      updatedCount: 2,
    });
    for (const registry of registries) expect((await registry.reload()).state).toBe('pending');
  });

  it('reverifies all registries: every synced one is verified again', async () => {
    const verified = [
      await create().synced().verificationSucceeded().create(),
      await create().synced().verificationSucceeded().create(),
    ];
    const pending = await create().create();
    const response = await client.post<{ geoRegistriesBulkUpdate: { updatedCount: number } }>(
      bulkMutation,
      { action: 'REVERIFY_ALL' },
    );
    expect(response.data?.geoRegistriesBulkUpdate.updatedCount).toBe(2);
    for (const registry of verified) {
      expect((await registry.reload()).verificationState).toBe('pending');
    }
    expect((await pending.reload()).state).toBe('pending');
  });
}
