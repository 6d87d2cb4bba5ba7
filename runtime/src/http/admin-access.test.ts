import { describe, expect, it } from 'vitest';
import { SITE_START_ENV } from '../cli/site-start-options.ts';
import { ADMIN_TOKEN_SETTING, adminAccess, secretsEqual } from './admin-access.ts';

describe('adminAccess', () => {
  it.each([
    [undefined, 'Bearer secret', 'no-admin-token'],
    [undefined, undefined, 'no-admin-token'],
    ['secret', undefined, 'missing-token'],
    ['secret', '', 'missing-token'],
    ['secret', 'Bearer ', 'missing-token'],
    ['secret', 'Basic secret', 'missing-token'],
    ['secret', 'Bearer secre', 'wrong-token'],
    ['secret', 'Bearer secret2', 'wrong-token'],
    ['secret', 'Bearer secret', 'allowed'],
    ['secret', 'bearer   secret ', 'allowed'],
  ] as const)('site token %j, header %j: %s', (adminToken, header, kind) => {
    expect(adminAccess(adminToken, header)).toEqual({ kind });
  });

  it('compares secrets of any lengths (digests of equal length), never throwing', () => {
    expect(secretsEqual('a', 'a much longer secret')).toBe(false);
    expect(secretsEqual('', 'x')).toBe(false);
    expect(secretsEqual('ünïcode', 'ünïcode')).toBe(true);
  });

  it('names the flag and the variable site:start reads the token from', () => {
    expect(ADMIN_TOKEN_SETTING).toBe(`--admin-token <token> (or ${SITE_START_ENV.adminToken})`);
  });
});
