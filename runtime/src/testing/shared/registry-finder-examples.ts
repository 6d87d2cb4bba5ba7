import { describe, expect, it } from 'vitest';
import { InvalidRegistryIdError } from '../../graphql/errors.ts';
import type { RegistryFinderClass, RegistryFinderParams } from '../../graphql/registry-finder.ts';
import type { Registry } from '../../registry/registry.ts';
import type { RegistryFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';
import { ids, idStrings } from './example-helpers.ts';

export interface RegistryFinderExamplesOptions<R extends Registry = Registry> {
  readonly finder: RegistryFinderClass;
  readonly registryFactory: RegistryFactory<R>;
  readonly geo: GeoTestSites;
}

/**
 * `it_behaves_like 'a framework registry finder'`: every registry by id, and each filter.
 *
 * @example itBehavesLikeAFrameworkRegistryFinder({ finder: PackageFileRegistryFinder, registryFactory, geo });
 */
export function itBehavesLikeAFrameworkRegistryFinder<R extends Registry>(
  options: RegistryFinderExamplesOptions<R>,
): void {
  const { finder, registryFactory, geo } = options;
  const create = () => registryFactory.transient({ site: geo.secondary });
  const find = (params?: RegistryFinderParams) => new finder(geo.secondary, params).execute();

  describe('a framework registry finder', () => {
    it('finds every registry of its class, ordered by id, when given no filter', async () => {
      const registries = [
        await create().create(),
        await create().synced().create(),
        await create().failed().create(),
      ];
      const found = await find();
      expect(ids(found)).toEqual(ids(registries));
      for (const registry of found) expect(registry).toBeInstanceOf(finder.registryClass);
      expect(found[1]?.state).toBe('synced');
    });

    it('ignores blank filters', async () => {
      const registries = [await create().create(), await create().synced().create()];
      const found = await find({ ids: [], replicationState: null, verificationState: null });
      expect(ids(found)).toEqual(ids(registries));
    });

    it('filters by registry ids, given as GraphQL sends them', async () => {
      const [, second, third] = [
        await create().create(),
        await create().create(),
        await create().create(),
      ];
      expect(ids(await find({ ids: idStrings([third!, second!]) }))).toEqual(
        ids([second!, third!]),
      );
    });

    it('filters by replication state', async () => {
      await create().create();
      const synced = await create().synced().create();
      const failed = await create().failed().create();
      expect(ids(await find({ replicationState: 'synced' }))).toEqual(ids([synced]));
      expect(ids(await find({ replicationState: 'failed' }))).toEqual(ids([failed]));
      expect(await find({ replicationState: 'started' })).toEqual([]);
    });

    it('filters by verification state', async () => {
      await create().synced().create();
      const verified = await create().synced().verificationSucceeded().create();
      expect(ids(await find({ verificationState: 'succeeded' }))).toEqual(ids([verified]));
    });

    it('combines filters', async () => {
      const synced = await create().synced().create();
      const failed = await create().failed().create();
      await create().synced().create();
      const found = await find({ ids: idStrings([synced, failed]), replicationState: 'synced' });
      expect(ids(found)).toEqual(ids([synced]));
    });

    it('refuses an id that is not a positive integer, naming it', () => {
      const attempt = () => new finder(geo.secondary, { ids: ['12', 'twelve'] });
      expect(attempt).toThrow(InvalidRegistryIdError);
      expect(attempt).toThrow('"twelve" is not a registry id');
    });
  });
}
