import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import {
  formatGeoAuthorization,
  geoRepositorySyncAuthorization,
} from '../transfer/authorization-header.ts';
import { serve, type RunningServer } from '../transfer/serve.ts';
import { signRepositorySyncToken, signTransferToken } from '../transfer/transfer-token.ts';
import { geoRepositoryAuthorizer, type GitRefusal } from './geo-repository-authorizer.ts';
import { createGitSandbox, git, runGit, type GitSandbox } from './git-harness.ts';
import { gitRoutes } from './git-routes.ts';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describeOnEachEngine('Git routes on the primary, for secondaries (GL-Geo)', (databases) => {
  const geo = useGeoSites(databases);
  let sandbox: GitSandbox;
  let server: RunningServer;
  let refusals: GitRefusal[];
  let gitDir: string;
  let backends: number;

  beforeEach(async () => {
    sandbox = await createGitSandbox();
    gitDir = await sandbox.createRepository('@hashed/ab/cd/abcd', { commits: 3 });
    await sandbox.createRepository('@hashed/ef/01/ef01', { commits: 1 });
    refusals = [];
    backends = 0;
    const disk: Record<string, string> = {
      'group/app': '@hashed/ab/cd/abcd',
      'group/other': '@hashed/ef/01/ef01',
      'group/gone': '@hashed/00/00/0000',
    };
    server = await serve(
      gitRoutes({
        locate: (fullPath) => {
          const diskPath = disk[fullPath];
          return diskPath === undefined ? undefined : { root: sandbox.root, diskPath };
        },
        authorize: geoRepositoryAuthorizer({
          nodes: geo.primary.nodes,
          onUnauthorized: (refusal) => refusals.push(refusal),
        }),
        onBackendExit: () => backends++,
      }),
    );
  });
  afterEach(async () => {
    await server.close();
    await sandbox.remove();
  });

  const tokenFor = (fullPath: string, options: { secret?: string; now?: Date } = {}) =>
    signRepositorySyncToken(
      options.secret ?? geo.secondary.node.secretAccessKey,
      { fullPath },
      options.now ? { now: options.now } : {},
    ).then((token) => formatGeoAuthorization({ accessKey: geo.secondary.node.accessKey, token }));

  /** `git clone --mirror` as the secondary runs it, the header in git's environment. */
  const mirror = (authorization: string | undefined, fullPath = 'group/app') =>
    runGit(
      ['clone', '--mirror', `${server.url}/${fullPath}.git`, join(sandbox.dir, 'mirror.git')],
      {
        home: sandbox.home,
        headers: authorization === undefined ? [] : [`Authorization: ${authorization}`],
      },
    );

  it('lets a secondary mirror-clone a repository with its token, refs and all', async () => {
    const authorization = await geoRepositorySyncAuthorization(geo.secondary.node, {
      fullPath: 'group/app',
    });
    const cloned = await mirror(authorization);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(await sandbox.refs(join(sandbox.dir, 'mirror.git'))).toBe(await sandbox.refs(gitDir));
    expect(refusals).toEqual([]);
  });

  it('accepts a token for ten minutes, as the original’s repository sync request', async () => {
    const listed = await runGit(['ls-remote', `${server.url}/group/app.git`], {
      home: sandbox.home,
      headers: [`Authorization: ${await tokenFor('group/app', { now: minutesAgo(9) })}`],
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('refs/heads/main');
  });

  it('answers forged, expired, foreign-repository and file tokens with 401 and no git data', async () => {
    const fileToken = formatGeoAuthorization({
      accessKey: geo.secondary.node.accessKey,
      token: await signTransferToken(geo.secondary.node.secretAccessKey, {
        replicableName: 'project_repository',
        replicableId: 1,
      }),
    });
    const cases: [string, string | undefined, GitRefusal['failure']][] = [
      ['forged', await tokenFor('group/app', { secret: 'x'.repeat(40) }), 'invalid-token'],
      ['expired', await tokenFor('group/app', { now: minutesAgo(12) }), 'outside-validity-window'],
      ['for another repository', await tokenFor('group/other'), 'data-mismatch'],
      ['a file token', fileToken, 'invalid-token'],
      [
        'an unknown key',
        `GL-Geo nobody:${await signTransferToken('y', { replicableName: 'a', replicableId: 1 })}`,
        'unknown-access-key',
      ],
      ['no header', undefined, 'missing-header'],
    ];
    const oid = (await git(['rev-parse', 'main'], { cwd: gitDir, home: sandbox.home })).trim();
    for (const [what, authorization, failure] of cases) {
      const cloned = await mirror(authorization);
      expect(cloned.code, what).not.toBe(0);
      expect(await readdir(sandbox.dir), what).not.toContain('mirror.git');
      expect(refusals.at(-1), what).toEqual({ failure, fullPath: 'group/app' });

      const headers: Record<string, string> =
        authorization === undefined ? {} : { Authorization: authorization };
      const advertisement = await fetch(
        `${server.url}/group/app.git/info/refs?service=git-upload-pack`,
        { headers },
      );
      expect(advertisement.status, what).toBe(401);
      const text = await advertisement.text();
      expect(text, what).not.toContain('# service=');
      expect(text, what).not.toContain(oid);
      const pack = await fetch(`${server.url}/group/app.git/git-upload-pack`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-git-upload-pack-request' },
        body: `0032want ${oid}\n00000009done\n`,
      });
      expect(pack.status, what).toBe(401);
      expect(await pack.text(), what).not.toContain('PACK');
    }
    const expired = await fetch(`${server.url}/group/app.git/info/refs?service=git-upload-pack`, {
      headers: { Authorization: await tokenFor('group/app', { now: minutesAgo(12) }) },
    });
    expect(await expired.text()).toContain('Check the system clocks of both sites');
    expect(backends).toBe(0);
  });

  it('refuses a disabled secondary’s valid token', async () => {
    const authorization = await tokenFor('group/app');
    await new GeoNodes(databases.main).update('secondary', { enabled: false });
    const cloned = await mirror(authorization);
    expect(cloned.code).not.toBe(0);
    expect(refusals.at(-1)?.failure).toBe('unknown-access-key');
  });

  it('says a repository is missing only to a secondary with a token for it', async () => {
    const missing = `${server.url}/group/gone.git/info/refs?service=git-upload-pack`;
    expect((await fetch(missing)).status).toBe(401);
    const answer = await fetch(missing, {
      headers: { Authorization: await tokenFor('group/gone') },
    });
    expect([answer.status, answer.headers.get('x-geo-code')]).toEqual([
      404,
      'REPOSITORY_NOT_FOUND',
    ]);
  });
});
