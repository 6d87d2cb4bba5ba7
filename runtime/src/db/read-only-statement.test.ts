import { describe, expect, it } from 'vitest';
import { readOnlyStatementRefusal } from './read-only-statement.ts';

describe('readOnlyStatementRefusal', () => {
  it.each([
    'select "id", "name" from "geo_nodes" where "name" = $1',
    'with recent as (select id from geo_event_log order by id desc limit $1) select * from recent',
    '  (select 1) union (select 2)',
    'SELECT 1;',
    "select 'a; b -- c /* d' as text",
    "select E'it\\'s; here' as text",
    'select $body$; reset all; $body$ as text',
    'select 1 -- a comment; reset all\n',
    'select /* nested /* comment; */ still */ 1',
    'values (1), (2)',
    'table geo_nodes',
    'show transaction_read_only',
    'explain select 1',
    'select current_setting($1)',
  ])('lets a read run: %s', (statement) => {
    expect(readOnlyStatementRefusal(statement)).toBeUndefined();
  });

  it.each([
    ['insert into notes values (1)', 'an INSERT statement'],
    ['/* hidden */ insert into notes values (1)', 'an INSERT statement'],
    ['-- hidden\nupdate notes set id = 2', 'an UPDATE statement'],
    ['select 1; insert into notes values (1)', 'two statements in one query'],
    ['select 1 /* x */ ; reset all', 'two statements in one query'],
    ['set transaction read write', 'a SET statement'],
    ['SET ROLE postgres', 'a SET statement'],
    ['reset all', 'a RESET statement'],
    ['discard all', 'a DISCARD statement'],
    ['begin read write', 'a BEGIN statement'],
    ['start transaction read write', 'a START statement'],
    ['commit', 'a COMMIT statement'],
    ['end', 'an END statement'],
    ['rollback', 'a ROLLBACK statement'],
    ['savepoint a', 'a SAVEPOINT statement'],
    ['do $$ begin null; end $$', 'a DO statement'],
    ['copy notes from stdin', 'a COPY statement'],
    [
      "select set_config('role', 'postgres', false)",
      'set_config(), which changes session settings',
    ],
    [
      `select pg_catalog."set_config"('role', 'postgres', false)`,
      'set_config(), which changes session settings',
    ],
    ['select lo_create(0)', 'a large-object function'],
    ['select lo_from_bytea (0, $1)', 'a large-object function'],
    [`select U&"\\0073et_config"('role', 'x', false)`, 'a Unicode-escaped literal or name'],
    ["select 'unterminated", 'an unterminated string literal'],
    ['select /* unterminated', 'an unterminated comment'],
    ['select $x$ unterminated', 'an unterminated dollar-quoted string'],
    ['', 'a statement that does not start with a keyword'],
  ])('refuses %j: %s', (statement, reason) => {
    expect(readOnlyStatementRefusal(statement)).toBe(reason);
  });
});
