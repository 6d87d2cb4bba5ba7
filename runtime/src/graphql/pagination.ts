import { sql } from 'kysely';
import type { Registry, RegistryClass } from '../registry/registry.ts';
import { InvalidCursorError, InvalidPaginationError } from './errors.ts';

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

/** Validated pagination: which end to read from, how many, and the cursor bounds. */
export interface PageRequest {
  readonly direction: 'forward' | 'backward';
  readonly size: number;
  readonly afterId: number | undefined;
  readonly beforeId: number | undefined;
}

const CURSOR_PREFIX = 'id:';

/**
 * The opaque cursor of the row with this id.
 *
 * @example encodeCursor(12) // 'aWQ6MTI'
 */
export function encodeCursor(id: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${id}`).toString('base64url');
}

/** The row id a cursor stands for; throws InvalidCursorError for anything else. */
export function decodeCursor(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const digits = decoded.startsWith(CURSOR_PREFIX) ? decoded.slice(CURSOR_PREFIX.length) : '';
  const id = /^[1-9]\d*$/.test(digits) ? Number(digits) : Number.NaN;
  if (!Number.isSafeInteger(id) || encodeCursor(id) !== cursor)
    throw new InvalidCursorError(cursor);
  return id;
}

/**
 * Checks the pagination arguments before anything is read: both ends at once, negative sizes and
 * foreign cursors are refused with a message saying what to send instead.
 */
export function pageRequest(args: ConnectionArgs): PageRequest {
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
    direction: last != null ? 'backward' : 'forward',
    size,
    afterId: args.after == null ? undefined : decodeCursor(args.after),
    beforeId: args.before == null ? undefined : decodeCursor(args.before),
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
 * Reads one page of registries ordered by id. `query` is the finder's filtered query; cursors
 * bound it by id, so pages stay stable while rows are added or change state.
 */
export async function paginateRegistries<R extends Registry>(
  query: RegistryRowsQuery,
  page: PageRequest,
  toNode: (row: Awaited<ReturnType<RegistryRowsQuery['execute']>>[number]) => R,
): Promise<Connection<R>> {
  const { direction, size, afterId, beforeId } = page;
  let bounded = query;
  if (afterId !== undefined) bounded = bounded.where('id', '>', afterId);
  if (beforeId !== undefined) bounded = bounded.where('id', '<', beforeId);
  const rows = await bounded
    .orderBy('id', direction === 'forward' ? 'asc' : 'desc')
    .limit(size + 1)
    .execute();
  const more = rows.length > size;
  const pageRows = rows.slice(0, size);
  if (direction === 'backward') pageRows.reverse();

  // Rows outside the cursors exist only if the filtered query has some beyond them.
  const exists = async (op: '<=' | '>=', id: number | undefined) =>
    id !== undefined &&
    (await query.clearSelect().select('id').where('id', op, id).limit(1).execute()).length > 0;

  const edges = pageRows.map((row) => ({ cursor: encodeCursor(row.id), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: (direction === 'forward' && more) || (await exists('>=', beforeId)),
      hasPreviousPage: (direction === 'backward' && more) || (await exists('<=', afterId)),
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
