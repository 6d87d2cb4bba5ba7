import { describe, expect, it } from 'vitest';
import { adminTokenAccess, GIT_BASIC_CHALLENGE, userCredential } from './git-read-access.ts';

const basic = (userAndPassword: string) =>
  `Basic ${Buffer.from(userAndPassword).toString('base64')}`;

describe('git read access with the admin token', () => {
  it('reads the token from Bearer, or from the password of Basic whatever the user name', () => {
    const bearer = { kind: 'token', scheme: 'bearer', token: 'secret' };
    expect(userCredential('Bearer  secret ')).toEqual(bearer);
    expect(userCredential('bearer secret')).toEqual(bearer);
    expect(userCredential(basic('oauth2:se:cret'))).toEqual({
      kind: 'token',
      scheme: 'basic',
      token: 'se:cret',
    });
    expect(userCredential(basic(':secret'))).toMatchObject({ scheme: 'basic', token: 'secret' });
    expect(userCredential(undefined)).toEqual({ kind: 'none' });
    expect(userCredential('  ')).toEqual({ kind: 'none' });
    for (const other of [
      'Bearer',
      basic('no-colon'),
      basic('user:'),
      'GL-Geo key:jwt',
      'Digest x',
    ]) {
      expect(userCredential(other), other).toEqual({ kind: 'other' });
    }
  });

  it('grants the admin token, and challenges only a request that sent nothing', () => {
    expect(adminTokenAccess('secret', 'Bearer secret', 'g/a')).toEqual({ kind: 'granted' });
    expect(adminTokenAccess('secret', basic('me:secret'), 'g/a')).toEqual({ kind: 'granted' });
    expect(adminTokenAccess('secret', undefined, 'g/a')).toMatchObject({
      kind: 'denied',
      status: 401,
      challenge: GIT_BASIC_CHALLENGE,
    });
    // git forgets a wrong password on a 401; a wrong header it cannot replace is 403.
    const refusals = [
      ['Bearer secre', 403],
      [basic('me:secret2'), 401],
      ['GL-Geo key:jwt', 403],
    ] as const;
    for (const [wrong, status] of refusals) {
      const access = adminTokenAccess('secret', wrong, 'g/a');
      expect(access, wrong).toMatchObject({ kind: 'denied', status });
      expect(access, wrong).not.toHaveProperty('challenge');
    }
  });

  it('refuses everyone with 403 on a site without an admin token, saying how to open it', () => {
    const access = adminTokenAccess(undefined, 'Bearer anything', 'g/a');
    expect(access).toMatchObject({ kind: 'denied', status: 403 });
    expect(access.kind === 'denied' && access.message).toContain('--git-read-access open');
  });
});
