import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageRequest } from './pagination.ts';
import { InvalidCursorError, InvalidPaginationError } from './errors.ts';

describe('cursors', () => {
  it('round-trip a row id through an opaque string', () => {
    for (const id of [1, 42, 2 ** 40]) expect(decodeCursor(encodeCursor(id))).toBe(id);
    expect(encodeCursor(12)).not.toContain('12');
  });

  it('refuse anything this API did not hand out, saying what to send', () => {
    const foreign = [
      '',
      'bogus',
      Buffer.from('id:0').toString('base64url'),
      Buffer.from('id:-3').toString('base64url'),
      Buffer.from('id:1.5').toString('base64url'),
      Buffer.from('offset:3').toString('base64url'),
      `${encodeCursor(3)}=`,
    ];
    for (const cursor of foreign)
      expect(() => decodeCursor(cursor), cursor).toThrow(InvalidCursorError);
    expect(() => decodeCursor('bogus')).toThrow(
      '"bogus" is not a cursor of this connection: pass a value it returned',
    );
  });
});

describe('page requests', () => {
  it('read forwards from the start by default, a full page', () => {
    expect(pageRequest({})).toEqual({
      direction: 'forward',
      size: MAX_PAGE_SIZE,
      afterId: undefined,
      beforeId: undefined,
    });
  });

  it('read backwards with last, within the cursors given', () => {
    expect(pageRequest({ last: 3, before: encodeCursor(9), after: encodeCursor(2) })).toEqual({
      direction: 'backward',
      size: 3,
      afterId: 2,
      beforeId: 9,
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
