import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** The orders of a registries connection (`sort:`), as `Geo::RegistrySortEnum` names them. */
export const REGISTRY_SORTS = [
  'id_asc',
  'id_desc',
  'last_synced_at_asc',
  'last_synced_at_desc',
  'verified_at_asc',
  'verified_at_desc',
] as const;
export type RegistrySort = (typeof REGISTRY_SORTS)[number];

export const DEFAULT_REGISTRY_SORT: RegistrySort = 'id_asc';

/** The column a sort orders by; the id breaks ties in the same direction. */
export type RegistrySortColumn = 'id' | 'last_synced_at' | 'verified_at';

/** Where a row stands in a sort: its sort key (a timestamp's ISO text, or null) and its id. */
export interface SortPosition {
  readonly key: string | null;
  readonly id: number;
}

const SORT_COLUMNS: Record<RegistrySort, RegistrySortColumn> = {
  id_asc: 'id',
  id_desc: 'id',
  last_synced_at_asc: 'last_synced_at',
  last_synced_at_desc: 'last_synced_at',
  verified_at_asc: 'verified_at',
  verified_at_desc: 'verified_at',
};

export function sortColumn(sort: RegistrySort): RegistrySortColumn {
  return SORT_COLUMNS[sort];
}

export function sortDirection(sort: RegistrySort): 'asc' | 'desc' {
  return sort.endsWith('_desc') ? 'desc' : 'asc';
}

export function isRegistrySort(value: unknown): value is RegistrySort {
  return (REGISTRY_SORTS as readonly unknown[]).includes(value);
}

/**
 * The sort key of each row as text, exact to the microsecond PostgreSQL keeps (a JS Date keeps
 * milliseconds, and a cursor rounded to them would skip or repeat rows). Null for id sorts.
 */
export function sortKeyExpression(sort: RegistrySort): RawBuilder<string | null> {
  const column = sortColumn(sort);
  if (column === 'id') return sql<null>`NULL::text`;
  return sql<
    string | null
  >`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * `ORDER BY` of a sort, read forwards or backwards (backwards: every direction flipped, so the
 * page nearest the end comes first). NULL timestamps count as later than any time: last in
 * ascending order, first in descending order. GitLab's finders order with `order(column: dir)`
 * and so get PostgreSQL's defaults, which are these.
 */
export function orderByExpressions(
  sort: RegistrySort,
  reading: 'forward' | 'backward',
): RawBuilder<unknown>[] {
  const column = sortColumn(sort);
  const ascending = (sortDirection(sort) === 'asc') === (reading === 'forward');
  const direction = ascending ? sql`ASC` : sql`DESC`;
  const id = sql`id ${direction}`;
  if (column === 'id') return [id];
  const nulls = ascending ? sql`NULLS LAST` : sql`NULLS FIRST`;
  return [sql`${sql.ref(column)} ${direction} ${nulls}`, id];
}

/** Rows whose (key, id) is greater than the position's, NULL keys counting as the greatest. */
function greaterThan(column: RegistrySortColumn, at: SortPosition): RawBuilder<SqlBool> {
  if (column === 'id') return sql<SqlBool>`id > ${at.id}`;
  const ref = sql.ref(column);
  if (at.key === null) return sql<SqlBool>`(${ref} IS NULL AND id > ${at.id})`;
  const key = sql`${at.key}::timestamptz`;
  return sql<SqlBool>`(${ref} IS NULL OR ${ref} > ${key} OR (${ref} = ${key} AND id > ${at.id}))`;
}

/** Rows whose (key, id) is less than the position's, NULL keys counting as the greatest. */
function lessThan(column: RegistrySortColumn, at: SortPosition): RawBuilder<SqlBool> {
  if (column === 'id') return sql<SqlBool>`id < ${at.id}`;
  const ref = sql.ref(column);
  if (at.key === null) return sql<SqlBool>`(${ref} IS NOT NULL OR id < ${at.id})`;
  const key = sql`${at.key}::timestamptz`;
  return sql<SqlBool>`(${ref} < ${key} OR (${ref} = ${key} AND id < ${at.id}))`;
}

/** Rows that come after the position in the sort's order (forwards). */
export function comesAfter(sort: RegistrySort, at: SortPosition): RawBuilder<SqlBool> {
  const column = sortColumn(sort);
  return sortDirection(sort) === 'asc' ? greaterThan(column, at) : lessThan(column, at);
}

/** Rows that come before the position in the sort's order. */
export function comesBefore(sort: RegistrySort, at: SortPosition): RawBuilder<SqlBool> {
  const column = sortColumn(sort);
  return sortDirection(sort) === 'asc' ? lessThan(column, at) : greaterThan(column, at);
}
