import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Registry, RegistryClass } from '../registry/registry.ts';
import { CursorSortMismatchError, InvalidCursorError, InvalidPaginationError } from './errors.ts';
import {
  comesAfter,
  comesBefore,
  DEFAULT_REGISTRY_SORT,
  isRegistrySort,
  orderByExpressions,
  sortColumn,
  sortKeyExpression,
  type RegistrySort,
  type SortPosition,
} from './registry-sort.ts';

/** Pages hold at most this many nodes; a larger `first`/`last` is cut to it (as GitLab does). */
export const MAX_PAGE_SIZE = 100;

/** Relay cursor arguments: `first`/`after` forwards, `last`/`before` backwards. */
export interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

/** One page of a connection, and the count of everything its filters match. */
export interface Connection<T> {
  readonly edges: readonly Edge<T>[];
  readonly nodes: readonly T[];
  readonly pageInfo: PageInfo;
  count(): Promise<number>;
}

/** A registry table query, filtered and not yet ordered (what a finder builds). */
export type RegistryRowsQuery = ReturnType<RegistryClass['selectRows']>;

/** Validated pagination: the order, which end to read from, how many, and the cursor bounds. */
export interface PageRequest {
  readonly sort: RegistrySort;
  readonly direction: 'forward' | 'backward';
  readonly size: number;
  readonly after: SortPosition | undefined;
  readonly before: SortPosition | undefined;
}

const ISO_MICROSECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * The opaque cursor of a row in a sort: the sort's name, the row's id and its sort key (a
 * timestamp's text, or null), so a page can follow on from it and a cursor of another sort is
 * told apart.
 *
 * @example encodeCursor('id_asc', { id: 12, key: null }) // 'WyJpZF9hc2MiLDEyLG51bGxd'
 */
export function encodeCursor(sort: RegistrySort, at: SortPosition): string {
  return Buffer.from(JSON.stringify([sort, at.id, at.key])).toString('base64url');
}

function parseCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    return undefined;
  }
}

/**
 * The position a cursor of this sort stands for. Throws InvalidCursorError for anything this API
 * did not hand out, and CursorSortMismatchError for a cursor of another sort.
 */
export function decodeCursor(
  cursor: string,
  sort: RegistrySort = DEFAULT_REGISTRY_SORT,
): SortPosition {
  const parsed = parseCursor(cursor);
  if (!Array.isArray(parsed) || parsed.length !== 3) throw new InvalidCursorError(cursor);
  const [cursorSort, id, key]: unknown[] = parsed;
  if (!isRegistrySort(cursorSort) || typeof id !== 'number') throw new InvalidCursorError(cursor);
  const timestamped = sortColumn(cursorSort) !== 'id';
  const validKey =
    key === null || (timestamped && typeof key === 'string' && ISO_MICROSECONDS.test(key));
  if (!validKey || !Number.isSafeInteger(id) || id < 1) throw new InvalidCursorError(cursor);
  const at = { id, key: typeof key === 'string' ? key : null };
  if (encodeCursor(cursorSort, at) !== cursor) throw new InvalidCursorError(cursor);
  if (cursorSort !== sort) throw new CursorSortMismatchError(cursorSort, sort);
  return at;
}

/**
 * Checks the pagination arguments before anything is read: both ends at once, negative sizes and
 * foreign cursors are refused with a message saying what to send instead.
 */
export function pageRequest(
  args: ConnectionArgs,
  sort: RegistrySort = DEFAULT_REGISTRY_SORT,
): PageRequest {
  const { first, last } = args;
  if (first != null && last != null) {
    throw new InvalidPaginationError(
      'Pass either first (with after) or last (with before), not both: one page is read from one end.',
    );
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && value < 0) {
      throw new InvalidPaginationError(`${name} must be 0 or more; got ${value}.`);
    }
  }
  const size = Math.min(first ?? last ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  return {
    sort,
    direction: last != null ? 'backward' : 'forward',
    size,
    after: args.after == null ? undefined : decodeCursor(args.after, sort),
    before: args.before == null ? undefined : decodeCursor(args.before, sort),
  };
}

/** A connection with nothing in it. */
export function emptyConnection<T>(): Connection<T> {
  return {
    edges: [],
    nodes: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    count: async () => 0,
  };
}

/**
 * Reads one page of registries in the page's sort. `query` is the finder's filtered query;
 * cursors bound it by sort key and id, so pages stay stable while rows are added.
 */
export async function paginateRegistries<R extends Registry>(
  query: RegistryRowsQuery,
  page: PageRequest,
  toNode: (row: Awaited<ReturnType<RegistryRowsQuery['execute']>>[number]) => R,
): Promise<Connection<R>> {
  const { sort, direction, size, after, before } = page;
  let bounded = query;
  if (after !== undefined) bounded = bounded.where(comesAfter(sort, after));
  if (before !== undefined) bounded = bounded.where(comesBefore(sort, before));
  let ordered = bounded.select(sortKeyExpression(sort).as('sort_key'));
  for (const order of orderByExpressions(sort, direction)) ordered = ordered.orderBy(order);
  const rows = await ordered.limit(size + 1).execute();
  const more = rows.length > size;
  const pageRows = rows.slice(0, size);
  if (direction === 'backward') pageRows.reverse();

  // Rows outside the cursors exist only if the filtered query has some beyond them (the
  // cursor's own row included, as it is outside the page too).
  const exists = async (beyond: RawBuilder<SqlBool>, at: SortPosition | undefined) =>
    at !== undefined &&
    (
      await query
        .clearSelect()
        .select('id')
        .where((eb) => eb.or([beyond, eb('id', '=', at.id)]))
        .limit(1)
        .execute()
    ).length > 0;

  const edges = pageRows.map(({ sort_key: key, ...row }) => ({
    cursor: encodeCursor(sort, { id: row.id, key }),
    node: toNode(row),
  }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage:
        (direction === 'forward' && more) ||
        (before !== undefined && (await exists(comesAfter(sort, before), before))),
      hasPreviousPage:
        (direction === 'backward' && more) ||
        (after !== undefined && (await exists(comesBefore(sort, after), after))),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count: async () => {
      const row = await query
        .clearSelect()
        .select(sql<number>`count(*)`.as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
