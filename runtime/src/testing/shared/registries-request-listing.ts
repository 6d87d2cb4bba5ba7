import { expect, it } from 'vitest';
import type { Registry } from '../../registry/registry.ts';
import { idStrings } from './example-helpers.ts';
import type { RegistriesRequestContext, RegistryJson } from './registries-request-context.ts';
import { COMMON_REGISTRY_FIELD_NAMES } from './registry-type-examples.ts';

interface PageInfoJson {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

interface ConnectionJson {
  readonly count: number;
  readonly pageInfo: PageInfoJson;
  readonly edges: readonly { readonly cursor: string; readonly node: { readonly id: string } }[];
  readonly nodes: readonly RegistryJson[];
}

/**
 * The listing of `itGetsRegistriesFor`: this secondary's registries with every field, filtered,
 * and paged with cursors both ways.
 */
export function itListsRegistries<R extends Registry>(context: RegistriesRequestContext<R>): void {
  const { fieldName, registryClassName, foreignKeyFieldName, create, client } = context;

  const registriesQuery = `
    query Registries($ids: [ID!], $replicationState: RegistryState, $verificationState: VerificationStateEnum,
                     $first: Int, $after: String, $last: Int, $before: String) {
      geoNode {
        name
        ${fieldName}(ids: $ids, replicationState: $replicationState, verificationState: $verificationState,
                     first: $first, after: $after, last: $last, before: $before) {
          count
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id } }
          nodes { __typename ${COMMON_REGISTRY_FIELD_NAMES.join(' ')} ${foreignKeyFieldName} }
        }
      }
    }`;
  const list = async (variables: Record<string, unknown> = {}) => {
    const response = await client.post<{ geoNode: Record<string, ConnectionJson> }>(
      registriesQuery,
      variables,
    );
    expect(response.errors).toBeUndefined();
    const connection = response.data?.geoNode[fieldName];
    if (!connection) throw new Error(`No ${fieldName} in ${JSON.stringify(response.data)}`);
    return connection;
  };
  const nodeIds = (connection: ConnectionJson) => connection.nodes.map((node) => node.id);

  it('lists the registries of this secondary with every registry field', async () => {
    const verified = await create().synced().verificationSucceeded().create();
    const failed = await create().failed().create();
    const connection = await list();
    expect(connection.count).toBe(2);
    const [first, second] = connection.nodes;
    expect(first).toMatchObject({
      __typename: registryClassName,
      id: String(verified.id),
      modelRecordId: verified.modelRecordId,
      [foreignKeyFieldName]: String(verified.modelRecordId),
      state: 'SYNCED',
      retryCount: 0,
      lastSyncedAt: verified.row.last_synced_at?.toISOString(),
      createdAt: verified.row.created_at.toISOString(),
      checksumMismatch: false,
      verificationState: 'SUCCEEDED',
      verificationChecksum: verified.verificationChecksum,
      verifiedAt: verified.row.verified_at?.toISOString(),
      verificationFailure: null,
    });
    expect(second).toMatchObject({
      id: String(failed.id),
      state: 'FAILED',
      retryCount: 2,
      lastSyncFailure: 'Random error',
    });
  });

  it('filters by ids, replication state and verification state', async () => {
    const pending = await create().create();
    const synced = await create().synced().create();
    const verified = await create().synced().verificationSucceeded().create();
    expect(nodeIds(await list({ ids: idStrings([pending, verified]) }))).toEqual(
      idStrings([pending, verified]),
    );
    expect(nodeIds(await list({ replicationState: 'SYNCED' }))).toEqual(
      idStrings([synced, verified]),
    );
    expect(nodeIds(await list({ verificationState: 'SUCCEEDED' }))).toEqual(idStrings([verified]));
    expect(nodeIds(await list({ replicationState: 'FAILED' }))).toEqual([]);
  });

  it('pages through the registries with cursors, forwards and backwards', async () => {
    const registries = [];
    for (let i = 0; i < 5; i += 1) registries.push(await create().create());
    const page1 = await list({ first: 2 });
    expect(nodeIds(page1)).toEqual(idStrings(registries.slice(0, 2)));
    expect(page1.edges.map((edge) => edge.node.id)).toEqual(nodeIds(page1));
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = await list({ first: 2, after: page1.pageInfo.endCursor });
    expect(nodeIds(page2)).toEqual(idStrings(registries.slice(2, 4)));
    const page3 = await list({ first: 2, after: page2.pageInfo.endCursor });
    expect(nodeIds(page3)).toEqual(idStrings(registries.slice(4)));
    expect(page3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = await list({ last: 2, before: page3.pageInfo.startCursor });
    expect(nodeIds(back)).toEqual(idStrings(registries.slice(2, 4)));
    expect(back.count).toBe(5);

    const refused = await client.post(registriesQuery, { after: 'not-a-cursor' });
    expect(refused.errors?.[0]?.message).toMatch('is not a cursor of this connection');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
}
