import { describe, expect, it } from 'vitest';
import { isGitHttpPath, parseGitRequest } from './git-request.ts';

describe('parseGitRequest', () => {
  it('reads the refs advertisement and the rpc of both services', () => {
    expect(parseGitRequest('GET', '/group/sub/app.git/info/refs', 'git-upload-pack')).toEqual({
      kind: 'advertisement',
      fullPath: 'group/sub/app',
      service: 'git-upload-pack',
    });
    expect(parseGitRequest('POST', '/group/app.wiki.git/git-upload-pack', null)).toEqual({
      kind: 'rpc',
      fullPath: 'group/app.wiki',
      service: 'git-upload-pack',
    });
    expect(parseGitRequest('GET', '/app.git/info/refs', 'git-receive-pack')).toMatchObject({
      kind: 'advertisement',
      service: 'git-receive-pack',
    });
    expect(parseGitRequest('POST', '/a/app.git/git-receive-pack', null)).toMatchObject({
      kind: 'rpc',
      service: 'git-receive-pack',
    });
  });

  it.each([
    ['/group/../app.git/info/refs'],
    ['/../app.git/info/refs'],
    ['/group/./app.git/info/refs'],
    ['//etc/app.git/info/refs'],
    ['/group//app.git/info/refs'],
    ['/%2e%2e/app.git/info/refs'],
    ['/group%2F..%2Fapp.git/info/refs'],
    ['/.hidden/app.git/info/refs'],
    ['/-rf/app.git/info/refs'],
    ['/a\\..\\b/app.git/info/refs'],
    ['/.git/info/refs'],
  ])('refuses the repository path of %s with 400', (path) => {
    expect(parseGitRequest('GET', path, 'git-upload-pack')).toMatchObject({
      kind: 'rejected',
      status: 400,
    });
  });

  it.each([
    ['/group/app.git/HEAD'],
    ['/group/app.git/objects/info/packs'],
    ['/group/app/info/refs'],
    ['/group/app.git/git-upload-archive'],
    ['/'],
    ['/git-upload-pack'],
  ])('does not serve %s (404)', (path) => {
    expect(parseGitRequest('GET', path, 'git-upload-pack')).toMatchObject({
      kind: 'rejected',
      status: 404,
    });
  });

  it.each([[null], ['git-upload-archive'], ['']])(
    'refuses info/refs for the service %j with 400 (no dumb HTTP)',
    (service) => {
      expect(parseGitRequest('GET', '/group/app.git/info/refs', service)).toMatchObject({
        kind: 'rejected',
        status: 400,
      });
    },
  );

  it('allows only GET for the advertisement and POST for the rpc (HEAD too is 405)', () => {
    for (const [method, path] of [
      ['POST', '/group/app.git/info/refs'],
      ['HEAD', '/group/app.git/info/refs'],
      ['GET', '/group/app.git/git-upload-pack'],
      ['PUT', '/group/app.git/git-upload-pack'],
    ] as const) {
      expect(parseGitRequest(method, path, 'git-upload-pack'), `${method} ${path}`).toMatchObject({
        kind: 'rejected',
        status: 405,
      });
    }
  });

  it('tells the paths of smart HTTP from a site’s other routes', () => {
    for (const path of [
      '/group/app.git/info/refs',
      '/group/app.wiki.git/git-upload-pack',
      '/app.git/git-receive-pack',
      '/group/../app.git/info/refs',
    ]) {
      expect(isGitHttpPath(path), path).toBe(true);
    }
    for (const path of [
      '/api/graphql',
      '/metrics',
      '/-/health',
      '/api/v4/geo/retrieve/package_file/1',
      '/group/app.git/HEAD',
      '/group/app/info/refs',
    ]) {
      expect(isGitHttpPath(path), path).toBe(false);
    }
  });
});
