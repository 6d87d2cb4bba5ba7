import { beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  InvalidPaginationError,
  InvalidRegistryIdError,
} from '../../graphql/errors.ts';
import type { RegistriesResolverClass } from '../../graphql/registries-resolver.ts';
import type { Registry } from '../../registry/registry.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import type { RegistryFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';
import { ids, idStrings } from './example-helpers.ts';

export interface RegistriesResolverExamplesOptions<R extends Registry = Registry> {
  readonly resolver: RegistriesResolverClass;
  readonly registryFactory: RegistryFactory<R>;
  readonly geo: GeoTestSites;
}

/**
 * `it_behaves_like 'a Geo registries resolver'`: a connection of the current secondary's
 * registries, filtered and paginated; nothing on the primary, for another node, or while
 * replication is disabled.
 *
 * @example itBehavesLikeAGeoRegistriesResolver({ resolver: PackageFileRegistriesResolver, registryFactory, geo });
 */
export function itBehavesLikeAGeoRegistriesResolver<R extends Registry>(
  options: RegistriesResolverExamplesOptions<R>,
): void {
  const { resolver, registryFactory, geo } = options;
  const create = () => registryFactory.transient({ site: geo.secondary });
  const resolve = (
    args: Parameters<RegistriesResolverClass['resolve']>[1] = {},
    site: GeoSite = geo.secondary,
    node = site.node,
  ) => resolver.resolve(node, args, { site });
  const flag = () => resolver.replicator.replicationFeatureFlag;

  describe('a Geo registries resolver', () => {
    beforeEach(async () => {
      await geo.primary.flags.enable(flag());
    });

    it('is wired to one registry class through its finder and replicator', () => {
      expect(resolver.registryClass).toBe(resolver.finder.registryClass);
      expect(resolver.replicator.registryClass).toBe(resolver.registryClass);
    });

    it("resolves this secondary's registries as a connection ordered by id", async () => {
      const registries = [await create().create(), await create().synced().create()];
      const connection = await resolve();
      expect(ids(connection.nodes)).toEqual(ids(registries));
      expect(connection.edges.map((edge) => edge.node)).toEqual(connection.nodes);
      expect(new Set(connection.edges.map((edge) => edge.cursor)).size).toBe(2);
      expect(connection.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      expect(await connection.count()).toBe(2);
    });

    it('filters by ids, replication state and verification state', async () => {
      const pending = await create().create();
      const synced = await create().synced().create();
      const verified = await create().synced().verificationSucceeded().create();
      expect(ids((await resolve({ ids: idStrings([pending, verified]) })).nodes)).toEqual(
        ids([pending, verified]),
      );
      expect(ids((await resolve({ replicationState: 'synced' })).nodes)).toEqual(
        ids([synced, verified]),
      );
      expect(ids((await resolve({ verificationState: 'succeeded' })).nodes)).toEqual(
        ids([verified]),
      );
    });

    it('pages forwards with first/after and backwards with last/before', async () => {
      const registries = [];
      for (let i = 0; i < 5; i += 1) registries.push(await create().create());
      const first = await resolve({ first: 2 });
      expect(ids(first.nodes)).toEqual(ids(registries.slice(0, 2)));
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const second = await resolve({ first: 2, after: first.pageInfo.endCursor });
      expect(ids(second.nodes)).toEqual(ids(registries.slice(2, 4)));
      expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const last = await resolve({ last: 2 });
      expect(ids(last.nodes)).toEqual(ids(registries.slice(3)));
      expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      const before = await resolve({ last: 2, before: last.pageInfo.startCursor });
      expect(ids(before.nodes)).toEqual(ids(registries.slice(1, 3)));
      expect(await before.count()).toBe(5);
    });

    it('lists nothing while replication is disabled', async () => {
      await create().create();
      await geo.primary.flags.disable(flag());
      const connection = await resolve();
      expect(connection.nodes).toEqual([]);
      expect(await connection.count()).toBe(0);
    });

    it('lists nothing on the primary, which has no registries', async () => {
      await create().create();
      const connection = await resolve({}, geo.primary);
      expect(connection.nodes).toEqual([]);
      expect(connection.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      });
    });

    it('lists nothing for a node other than this site', async () => {
      await create().create();
      expect((await resolve({}, geo.secondary, geo.primary.node)).nodes).toEqual([]);
    });

    it('refuses bad arguments, even where it would list nothing', async () => {
      await expect(resolve({ first: 1, last: 1 }, geo.primary)).rejects.toThrow(
        InvalidPaginationError,
      );
      await expect(resolve({ after: 'bogus' })).rejects.toThrow(InvalidCursorError);
      await expect(resolve({ ids: ['-1'] })).rejects.toThrow(InvalidRegistryIdError);
    });
  });
}
