import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  formatGeoAuthorization,
  geoRepositorySyncAuthorization,
  geoTransferAuthorization,
  parseGeoAuthorization,
} from './authorization-header.ts';
import { geoRetrieveUrl, parseReplicableId } from './retrieve-api.ts';
import {
  signRepositorySyncToken,
  signTransferToken,
  verifyRepositorySyncToken,
  verifyTransferToken,
} from './transfer-token.ts';

const SECRET = 'a'.repeat(40);
const DATA = { replicableName: 'package_file', replicableId: 42 };
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe('transfer tokens', () => {
  it('carry the claims of the original: data as a JSON string, jti, iat, nbf 5 s early, exp 60 s later', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const token = await signTransferToken(SECRET, DATA, { now });
    const iat = now.getTime() / 1000;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      data: '{"replicable_name":"package_file","replicable_id":42}',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat,
      nbf: iat - 5,
      exp: iat + 60,
    });
    expect(decodeJwt(await signTransferToken(SECRET, DATA, { now })).jti).not.toBe(claims.jti);
  });

  it('verify with the same secret and give back the data', async () => {
    const token = await signTransferToken(SECRET, DATA);
    expect(await verifyTransferToken(SECRET, token)).toEqual({ kind: 'valid', data: DATA });
  });

  it('are invalid with another secret, or tampered with', async () => {
    const token = await signTransferToken(SECRET, DATA);
    expect(await verifyTransferToken('b'.repeat(40), token)).toEqual({ kind: 'invalid' });
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...decodeJwt(token),
        data: '{"replicable_name":"package_file","replicable_id":43}',
      }),
    ).toString('base64url');
    expect(await verifyTransferToken(SECRET, `${header}.${forgedPayload}.${signature}`)).toEqual({
      kind: 'invalid',
    });
    expect(await verifyTransferToken(SECRET, 'not.a.jwt')).toEqual({ kind: 'invalid' });
  });

  it('refuse unsigned (alg none) tokens and tokens without an expiry', async () => {
    const unsigned = new UnsecuredJWT({
      data: JSON.stringify({ replicable_name: 'package_file', replicable_id: 42 }),
    })
      .setIssuedAt()
      .setExpirationTime('1m')
      .encode();
    expect(await verifyTransferToken(SECRET, unsigned)).toEqual({ kind: 'invalid' });
    const forever = await new SignJWT({
      data: '{"replicable_name":"package_file","replicable_id":42}',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setNotBefore('0s')
      .setJti('x')
      .sign(new TextEncoder().encode(SECRET));
    expect(await verifyTransferToken(SECRET, forever)).toEqual({ kind: 'invalid' });
  });

  it('refuse a data claim that is not the expected JSON', async () => {
    const key = new TextEncoder().encode(SECRET);
    for (const data of [
      'nope',
      '{"replicable_name":"package_file","replicable_id":"42"}',
      '42',
      { a: 1 },
    ]) {
      const token = await new SignJWT({ data })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime('1m')
        .setJti('x')
        .sign(key);
      expect(await verifyTransferToken(SECRET, token), JSON.stringify(data)).toEqual({
        kind: 'invalid',
      });
    }
  });

  it('allow 60 s of clock skew either way, and no more', async () => {
    const late = await signTransferToken(SECRET, DATA, { now: minutes(-1.5) });
    expect((await verifyTransferToken(SECRET, late)).kind).toBe('valid');
    const early = await signTransferToken(SECRET, DATA, { now: minutes(0.9) });
    expect((await verifyTransferToken(SECRET, early)).kind).toBe('valid');

    const expired = await signTransferToken(SECRET, DATA, { now: minutes(-3) });
    expect(await verifyTransferToken(SECRET, expired)).toEqual({ kind: 'outside-validity-window' });
    const future = await signTransferToken(SECRET, DATA, { now: minutes(3) });
    expect(await verifyTransferToken(SECRET, future)).toEqual({ kind: 'outside-validity-window' });
  });

  it('refuse a token issued in the future beyond the leeway, even when nbf and exp admit it', async () => {
    const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
    const issuedAt = (at: Date) =>
      new SignJWT({ data: JSON.stringify({ replicable_name: 'package_file', replicable_id: 42 }) })
        .setProtectedHeader({ alg: 'HS256' })
        .setJti('jti')
        .setIssuedAt(seconds(at))
        .setNotBefore(seconds(minutes(-0.5)))
        .setExpirationTime(seconds(minutes(120)))
        .sign(new TextEncoder().encode(SECRET));

    expect(await verifyTransferToken(SECRET, await issuedAt(minutes(60)))).toEqual({
      kind: 'outside-validity-window',
    });
    expect(await verifyTransferToken(SECRET, await issuedAt(minutes(1.5)))).toEqual({
      kind: 'outside-validity-window',
    });
    expect((await verifyTransferToken(SECRET, await issuedAt(minutes(0.5)))).kind).toBe('valid');
  });
});

describe('repository sync tokens', () => {
  const REPOSITORY = { fullPath: 'group/app' };

  it('carry the scope of the original RepoSyncRequest and live ten minutes', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const claims = decodeJwt(await signRepositorySyncToken(SECRET, REPOSITORY, { now }));
    const iat = now.getTime() / 1000;
    expect(claims).toMatchObject({ data: '{"scope":"group/app"}', iat, nbf: iat - 5 });
    expect(claims.exp).toBe(iat + 600);
  });

  it('verify within their ten minutes (and the leeway), not after', async () => {
    const fresh = await signRepositorySyncToken(SECRET, REPOSITORY, { now: minutes(-9) });
    expect(await verifyRepositorySyncToken(SECRET, fresh)).toEqual({
      kind: 'valid',
      data: REPOSITORY,
    });
    const expired = await signRepositorySyncToken(SECRET, REPOSITORY, { now: minutes(-12) });
    expect(await verifyRepositorySyncToken(SECRET, expired)).toEqual({
      kind: 'outside-validity-window',
    });
    expect(await verifyRepositorySyncToken('b'.repeat(40), fresh)).toEqual({ kind: 'invalid' });
  });

  it('are no file tokens, and file tokens are no repository tokens', async () => {
    const repositoryToken = await signRepositorySyncToken(SECRET, REPOSITORY);
    const fileToken = await signTransferToken(SECRET, DATA);
    expect(await verifyTransferToken(SECRET, repositoryToken)).toEqual({ kind: 'invalid' });
    expect(await verifyRepositorySyncToken(SECRET, fileToken)).toEqual({ kind: 'invalid' });
  });

  it('travel in the GL-Geo header', async () => {
    const header = await geoRepositorySyncAuthorization(
      { accessKey: 'key', secretAccessKey: SECRET },
      REPOSITORY,
    );
    const parsed = parseGeoAuthorization(header);
    expect(parsed?.accessKey).toBe('key');
    expect(await verifyRepositorySyncToken(SECRET, parsed?.token ?? '')).toEqual({
      kind: 'valid',
      data: REPOSITORY,
    });
  });
});

describe('the GL-Geo authorization header', () => {
  it('formats and parses access key and token', async () => {
    expect(formatGeoAuthorization({ accessKey: 'key', token: 'a.b.c' })).toBe('GL-Geo key:a.b.c');
    expect(parseGeoAuthorization('GL-Geo key:a.b.c')).toEqual({ accessKey: 'key', token: 'a.b.c' });
    // Split at the first colon only.
    expect(parseGeoAuthorization('GL-Geo key:a:b')).toEqual({ accessKey: 'key', token: 'a:b' });
    const header = await geoTransferAuthorization(
      { accessKey: 'key', secretAccessKey: SECRET },
      DATA,
    );
    const parsed = parseGeoAuthorization(header);
    expect(parsed?.accessKey).toBe('key');
    expect(await verifyTransferToken(SECRET, parsed?.token ?? '')).toEqual({
      kind: 'valid',
      data: DATA,
    });
  });

  it.each([
    [undefined],
    [''],
    ['GL-Geo'],
    ['GL-Geo '],
    ['Bearer key:token'],
    ['gl-geo key:token'],
    ['GL-Geo key:token extra'],
    ['GL-Geo  key:token'],
    ['GL-Geo keytoken'],
    ['GL-Geo :token'],
    ['GL-Geo key:'],
  ])('refuses %j', (header) => {
    expect(parseGeoAuthorization(header)).toBeUndefined();
  });
});

describe('the retrieve API', () => {
  it('builds the URL below the primary internal URL, keeping a path prefix', () => {
    expect(geoRetrieveUrl('http://primary:3000', 'package_file', 42).href).toBe(
      'http://primary:3000/api/v4/geo/retrieve/package_file/42',
    );
    expect(geoRetrieveUrl('https://geo.example.com/gitlab/', 'package_file', 1).href).toBe(
      'https://geo.example.com/gitlab/api/v4/geo/retrieve/package_file/1',
    );
  });

  it.each([
    ['1', 1],
    ['42', 42],
    ['9007199254740991', 9007199254740991],
  ])('accepts the id %s', (raw, id) => {
    expect(parseReplicableId(raw)).toBe(id);
  });

  it.each([
    '0',
    '-1',
    '1.5',
    'abc',
    '',
    '01',
    '1e3',
    '0x10',
    ' 7',
    '7 ',
    '+7',
    '../../etc/passwd',
    '9007199254740993',
  ])('refuses the id %j', (raw) => {
    expect(parseReplicableId(raw)).toBeUndefined();
  });
});
