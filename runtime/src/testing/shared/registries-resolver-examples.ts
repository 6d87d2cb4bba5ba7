import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CursorSortMismatchError,
  InvalidCursorError,
  UnsupportedKeywordError,
  InvalidPaginationError,
  InvalidRegistryIdError,
} from '../../graphql/errors.ts';
import type { Connection } from '../../graphql/pagination.ts';
import type { RegistriesResolverClass } from '../../graphql/registries-resolver.ts';
import { REGISTRY_SORTS, type RegistrySort } from '../../graphql/registry-sort.ts';
import { Registry, requireRegistryTable } from '../../registry/registry.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import type { RegistryFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';
import { ids, idStrings } from './example-helpers.ts';

const at = (hour: number) => new Date(Date.UTC(2026, 2, 1, hour));

/** The order a sort promises: NULL times after every time, ties by id, all in the sort's direction. */
function sortedLikeTheDatabase<R extends Registry>(
  registries: readonly R[],
  sort: RegistrySort,
): R[] {
  const column = sort.startsWith('last_synced_at')
    ? 'last_synced_at'
    : sort.startsWith('verified_at')
      ? 'verified_at'
      : undefined;
  const sign = sort.endsWith('_desc') ? -1 : 1;
  const key = (registry: R) => (column ? registry.row[column] : null);
  return [...registries].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const byKey =
      column === undefined || ka?.getTime() === kb?.getTime()
        ? 0
        : ka === null
          ? 1
          : kb === null
            ? -1
            : ka.getTime() - kb.getTime();
    return sign * (byKey !== 0 ? byKey : a.id - b.id);
  });
}

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
  const pageThrough = async (sort: RegistrySort, size: number, reading: 'forward' | 'backward') => {
    const seen: number[][] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const page: Connection<Registry> = await resolve(
        reading === 'forward'
          ? { sort, first: size, after: cursor }
          : { sort, last: size, before: cursor },
      );
      seen.push(ids(page.nodes));
      const more =
        reading === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
      cursor = reading === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor;
      if (!more) break;
    }
    return (reading === 'forward' ? seen : seen.reverse()).flat();
  };

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

    it('sorts by id, last sync or verification time, NULLs last ascending and first descending', async () => {
      // Ties (same time) go by id. The 4th is 1 µs after the 1st: a cursor rounded to the
      // millisecond would repeat it, yet it sorts as a JS Date tie by id would.
      const times = [at(3), null, at(1), at(3), null, at(2)];
      const registries = [];
      for (const [index, time] of times.entries()) {
        const verified = times[(index + 2) % times.length] ?? null;
        registries.push(
          await create().params({ last_synced_at: time, verified_at: verified }).create(),
        );
      }
      await Registry.db(geo.secondary)
        .updateTable(requireRegistryTable(resolver.registryClass))
        .set({ last_synced_at: sql<Date>`${at(3)}::timestamptz + interval '1 microsecond'` })
        .where('id', '=', registries[3]?.id ?? 0)
        .execute();
      const rows = await Promise.all(registries.map((registry) => registry.reload()));
      for (const sort of REGISTRY_SORTS) {
        const expected = ids(sortedLikeTheDatabase(rows, sort));
        expect(ids((await resolve({ sort })).nodes), sort).toEqual(expected);
        // Every page size, forwards and backwards, walks the same order without gaps or repeats.
        for (const size of [1, 2, 4]) {
          expect(await pageThrough(sort, size, 'forward'), `${sort} first ${size}`).toEqual(
            expected,
          );
          expect(await pageThrough(sort, size, 'backward'), `${sort} last ${size}`).toEqual(
            expected,
          );
        }
      }
    });

    it('refuses a cursor handed out under another sort', async () => {
      await create().synced().create();
      await create().create();
      const page = await resolve({ first: 1, sort: 'last_synced_at_desc' });
      await expect(
        resolve({ first: 1, after: page.pageInfo.endCursor, sort: 'last_synced_at_asc' }),
      ).rejects.toThrow(CursorSortMismatchError);
      await expect(resolve({ first: 1, after: page.pageInfo.endCursor })).rejects.toThrow(
        'This cursor comes from a page sorted by LAST_SYNCED_AT_DESC, but this request sorts by ID_ASC.',
      );
    });

    it('searches by record id with keyword, and refuses a keyword that is no record id', async () => {
      const registries = [await create().create(), await create().create()];
      const second = registries[1];
      if (!second) throw new Error('two registries were created');
      const modelId = String(second?.modelRecordId);
      expect(ids((await resolve({ keyword: ` ${modelId} ` })).nodes)).toEqual(ids([second]));
      expect(ids((await resolve({ keyword: '  ' })).nodes)).toEqual(ids(registries));
      await expect(resolve({ keyword: 'report.pdf' })).rejects.toThrow(UnsupportedKeywordError);
      await expect(resolve({ keyword: 'report.pdf' })).rejects.toThrow(
        `registries are searched by record id only, and "report.pdf" is not one`,
      );
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
