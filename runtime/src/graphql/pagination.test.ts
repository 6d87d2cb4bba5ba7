import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageRequest } from './pagination.ts';
import { CursorSortMismatchError, InvalidCursorError, InvalidPaginationError } from './errors.ts';

const at = (id: number, key: string | null = null) => ({ id, key });
const SYNCED_AT = '2026-03-01T12:00:00.123456Z';

describe('cursors', () => {
  it('round-trip a sort, a row id and a sort key through an opaque string', () => {
    for (const id of [1, 42, 2 ** 40])
      expect(decodeCursor(encodeCursor('id_asc', at(id)))).toEqual(at(id));
    for (const key of [SYNCED_AT, null]) {
      const cursor = encodeCursor('last_synced_at_desc', at(7, key));
      expect(decodeCursor(cursor, 'last_synced_at_desc')).toEqual(at(7, key));
    }
    expect(encodeCursor('id_asc', at(12))).not.toContain('12');
  });

  it('refuse anything this API did not hand out, saying what to send', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const foreign = [
      '',
      'bogus',
      Buffer.from('id:3').toString('base64url'),
      encode(['id_asc', 0, null]),
      encode(['id_asc', -3, null]),
      encode(['id_asc', 1.5, null]),
      encode(['id_asc', '3', null]),
      encode(['id_asc', 3, SYNCED_AT]),
      encode(['offset', 3, null]),
      encode(['last_synced_at_asc', 3, 'yesterday']),
      encode(['last_synced_at_asc', 3, '2026-03-01T12:00:00Z']),
      `${encodeCursor('id_asc', at(3))}=`,
    ];
    for (const cursor of foreign)
      expect(() => decodeCursor(cursor), cursor).toThrow(InvalidCursorError);
    expect(() => decodeCursor('bogus')).toThrow(
      '"bogus" is not a cursor of this connection: pass a value it returned',
    );
  });

  it('refuse a cursor of another sort, naming both', () => {
    const cursor = encodeCursor('verified_at_asc', at(3, SYNCED_AT));
    expect(() => decodeCursor(cursor, 'verified_at_desc')).toThrow(CursorSortMismatchError);
    expect(() => decodeCursor(encodeCursor('id_desc', at(3)), 'id_asc')).toThrow(
      'This cursor comes from a page sorted by ID_DESC, but this request sorts by ID_ASC. ' +
        'Pass sort: ID_DESC to go on paging, or start again without after/before.',
    );
  });
});

describe('page requests', () => {
  it('read forwards from the start by default, a full page', () => {
    expect(pageRequest({})).toEqual({
      sort: 'id_asc',
      direction: 'forward',
      size: MAX_PAGE_SIZE,
      after: undefined,
      before: undefined,
    });
  });

  it('read backwards with last, within the cursors given', () => {
    const before = encodeCursor('verified_at_asc', at(9, SYNCED_AT));
    const after = encodeCursor('verified_at_asc', at(2));
    expect(pageRequest({ last: 3, before, after }, 'verified_at_asc')).toEqual({
      sort: 'verified_at_asc',
      direction: 'backward',
      size: 3,
      after: at(2),
      before: at(9, SYNCED_AT),
    });
  });

  it('cut sizes over the maximum to it', () => {
    expect(pageRequest({ first: 10_000 }).size).toBe(MAX_PAGE_SIZE);
    expect(pageRequest({ first: 0 }).size).toBe(0);
  });

  it('refuse first with last, and negative sizes', () => {
    expect(() => pageRequest({ first: 1, last: 1 })).toThrow(InvalidPaginationError);
    expect(() => pageRequest({ first: 1, last: 1 })).toThrow('Pass either first');
    expect(() => pageRequest({ last: -1 })).toThrow('last must be 0 or more; got -1.');
  });
});
