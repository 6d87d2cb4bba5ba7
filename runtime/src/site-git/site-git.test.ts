import { devNull } from 'node:os';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { projectRepositoryFactory } from '../../app/factories/project-repository-factory.ts';
import { projectRepositoryRegistryFactory } from '../../app/factories/project-repository-registry-factory.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { ProjectRepository } from '../../app/models/project-repository.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import { createGitSandbox, runGit as userGit, type GitSandbox } from '../git-http/git-harness.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { temporaryCloneRoot } from '../repository/disk-path.ts';
import { runGit } from '../repository/git.ts';
import { syncRepository } from '../repository/mirror.ts';
import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import { siteHttpApp, STATUS_PATH } from '../site-runner/site-http.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { StatusMetrics } from '../status/prometheus.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { geoRepositorySyncAuthorization } from '../transfer/authorization-header.ts';
import { serve, type RunningServer } from '../transfer/serve.ts';
import { signRepositorySyncToken } from '../transfer/transfer-token.ts';
import type { GitReadAccess } from './git-read-access.ts';
import { PRIMARY_PUSH_REFUSED } from './push-policy.ts';
import type { SiteGitEvent } from './site-git-routes.ts';

const TOKEN = 'site-git-test-admin-token';
const AS_ADMIN = [`Authorization: Bearer ${TOKEN}`];
const COMMITTER = {
  GIT_AUTHOR_NAME: 'Geo Test',
  GIT_AUTHOR_EMAIL: 'geo-test@example.com',
  GIT_COMMITTER_NAME: 'Geo Test',
  GIT_COMMITTER_EMAIL: 'geo-test@example.com',
};

/** A commit on `main` of a bare repository, written with plumbing (no work tree needed). */
async function commitTo(gitDir: string, message: string): Promise<string> {
  const git = (args: readonly string[]) =>
    runGit([`--git-dir=${gitDir}`, ...args], { env: COMMITTER }).then((out) => out.trim());
  const tree = await git(['hash-object', '-w', '-t', 'tree', devNull]);
  const parent = await git(['rev-parse', '--verify', '--quiet', 'refs/heads/main']).catch(() => '');
  const commit = await git(['commit-tree', tree, '-m', message, ...(parent ? ['-p', parent] : [])]);
  await git(['update-ref', 'refs/heads/main', commit]);
  return commit;
}

describeOnEachEngine('Every site serves git (issue 10, points 4 and 8)', (databases) => {
  const geo = useGeoSites(databases);
  let sandbox: GitSandbox;
  let servers: RunningServer[];
  let events: SiteGitEvent[];
  let primary: RunningServer;
  let secondary: RunningServer;

  const start = async (
    site: GeoSite,
    options: { adminToken?: string | undefined; gitReadAccess?: GitReadAccess } = {},
  ) => {
    const adminToken = 'adminToken' in options ? options.adminToken : TOKEN;
    const server = await serve(
      siteHttpApp({
        site,
        replicatorClasses: REPLICATOR_CLASSES,
        registryFields: GEO_NODE_REGISTRY_FIELDS,
        metrics: new StatusMetrics(),
        ...(adminToken !== undefined && { adminToken }),
        ...(options.gitReadAccess !== undefined && { gitReadAccess: options.gitReadAccess }),
        onGitEvent: (event) => events.push(event),
      }),
    );
    servers.push(server);
    return server;
  };

  beforeEach(async () => {
    sandbox = await createGitSandbox();
    servers = [];
    events = [];
    primary = await start(geo.primary);
    secondary = await start(geo.secondary);
    // Where the secondary sends pushes, and users it cannot serve yet.
    await new GeoNodes(databases.main).update('primary', { url: primary.url });
  });
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await sandbox.remove();
  });

  const repositoryUrl = (server: RunningServer, fullPath: string) =>
    `${server.url}/${fullPath}.git`;
  const advertisement = (server: RunningServer, fullPath: string, service = 'git-upload-pack') =>
    `${server.url}/${fullPath}.git/info/refs?service=${service}`;
  const clonePath = (name: string) => join(sandbox.dir, name);
  const clone = (url: string, name: string, headers: readonly string[] = AS_ADMIN) =>
    userGit(['clone', url, clonePath(name)], { home: sandbox.home, headers });

  /** A project repository on the primary with `commits` commits on main. */
  const projectRepository = async (fullPath: string, commits = 2) => {
    const record = await projectRepositoryFactory
      .transient({ site: geo.primary })
      .create({ full_path: fullPath });
    for (let i = 1; i <= commits; i++) await commitTo(record.gitDir, `${fullPath} commit ${i}`);
    return record;
  };

  /** Mirrors it to the secondary from the primary's git route, as the secondary's sync does. */
  const mirrorToSecondary = async (record: ProjectRepository) => {
    const onSecondary = await ProjectRepository.findById(geo.secondary, record.id);
    if (!onSecondary) throw new Error(`project repository ${record.id} is not in the replica`);
    const result = await syncRepository({
      url: repositoryUrl(primary, record.fullPath),
      headers: {
        Authorization: await geoRepositorySyncAuthorization(geo.secondary.node, {
          fullPath: record.fullPath,
        }),
      },
      target: onSecondary.gitDir,
      tempRoot: temporaryCloneRoot(geo.secondary.repositoryStorageRoot('default')),
    });
    expect(result.kind).not.toBe('missing-on-primary');
    return onSecondary;
  };

  /** Its registry on the secondary, started and then synced as a sync leaves it. */
  const markSynced = async (record: ProjectRepository, missingOnPrimary = false) => {
    const replicator = new ProjectRepositoryReplicator(geo.secondary, { modelRecordId: record.id });
    const registry = await replicator.registry();
    await registry.start();
    await (await registry.reload()).syncedFromPrimary({ missingOnPrimary });
  };

  it('lets a secondary mirror a repository from the primary with its GL-Geo token, and refuses a forged one', async () => {
    const record = await projectRepository('group/app', 3);
    const authorization = await geoRepositorySyncAuthorization(geo.secondary.node, {
      fullPath: 'group/app',
    });
    const mirror = clonePath('mirror.git');
    const mirrored = await userGit(
      ['clone', '--mirror', repositoryUrl(primary, 'group/app'), mirror],
      {
        home: sandbox.home,
        headers: [`Authorization: ${authorization}`],
      },
    );
    expect(mirrored.code, mirrored.stderr).toBe(0);
    expect(await sandbox.refs(mirror)).toBe(await sandbox.refs(record.gitDir));

    const forged = `GL-Geo ${geo.secondary.node.accessKey}:${await signRepositorySyncToken(
      'x'.repeat(40),
      { fullPath: 'group/app' },
    )}`;
    const refused = await fetch(advertisement(primary, 'group/app'), {
      headers: { Authorization: forged },
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('# service=');
    expect(events).toEqual([
      { kind: 'git-refused', refusal: { failure: 'invalid-token', fullPath: 'group/app' } },
    ]);
    // No site fetches from a secondary: its token opens nothing there.
    const onSecondary = await fetch(advertisement(secondary, 'group/app'), {
      headers: { Authorization: authorization },
    });
    expect(onSecondary.status).toBe(403);
    expect(await onSecondary.text()).toContain(
      'This site does not take that Authorization header from users',
    );
  });

  it('serves an administrator the same refs from the primary and from a secondary that synced it, and fetches', async () => {
    const record = await projectRepository('group/app', 3);
    await mirrorToSecondary(record);
    await markSynced(record);

    const fromPrimary = await clone(repositoryUrl(primary, 'group/app'), 'from-primary');
    expect(fromPrimary.code, fromPrimary.stderr).toBe(0);
    const fromSecondary = await clone(repositoryUrl(secondary, 'group/app'), 'from-secondary');
    expect(fromSecondary.code, fromSecondary.stderr).toBe(0);
    const mainOf = (name: string) =>
      userGit(['rev-parse', 'origin/main'], { cwd: clonePath(name), home: sandbox.home });
    expect((await mainOf('from-secondary')).stdout).toBe((await mainOf('from-primary')).stdout);
    expect((await mainOf('from-primary')).stdout.trim()).toBe(
      (await runGit([`--git-dir=${record.gitDir}`, 'rev-parse', 'main'])).trim(),
    );

    // A new commit reaches the user through the secondary once the secondary has fetched it.
    const pushed = await commitTo(record.gitDir, 'after the clone');
    await mirrorToSecondary(record);
    const fetched = await userGit(['fetch', 'origin'], {
      cwd: clonePath('from-secondary'),
      home: sandbox.home,
      headers: AS_ADMIN,
    });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect((await mainOf('from-secondary')).stdout.trim()).toBe(pushed);

    // HTTP Basic with the token as the password: what a git credential (or the URL) gives.
    const withBasic = repositoryUrl(secondary, 'group/app').replace('://', `://reader:${TOKEN}@`);
    const listed = await userGit(['ls-remote', withBasic], { home: sandbox.home });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${pushed}\trefs/heads/main`);
  });

  it('tells a user of the secondary which repositories it cannot serve yet, and why', async () => {
    const pending = await projectRepository('group/pending');
    await projectRepositoryRegistryFactory
      .transient({ site: geo.secondary })
      .create({ model_record_id: pending.id });
    const failed = await projectRepository('group/failed');
    await projectRepositoryRegistryFactory
      .transient({ site: geo.secondary })
      .failed()
      .create({ model_record_id: failed.id });
    await projectRepository('group/untracked');
    const cases = [
      ['group/pending', 'state: pending'],
      ['group/failed', 'state: failed'],
      ['group/untracked', 'not tracked yet'],
    ] as const;
    for (const [fullPath, state] of cases) {
      const cloned = await clone(repositoryUrl(secondary, fullPath), fullPath.replace('/', '-'));
      expect(cloned.code, fullPath).not.toBe(0);
      expect(cloned.stderr, fullPath).toContain(
        `remote: ${fullPath} is not synced to this secondary yet (${state}); fetch it from the ` +
          `primary at ${primary.url}/${fullPath}.git, or try again later.`,
      );
      expect(cloned.stderr, fullPath).toContain('503');
    }
    expect(await readdir(sandbox.dir)).not.toContain('group-pending');

    // A synced registry whose repository is not on disk is no repository to serve either.
    const lost = await projectRepository('group/lost');
    await projectRepositoryRegistryFactory
      .transient({ site: geo.secondary })
      .synced()
      .create({ model_record_id: lost.id });
    const lostClone = await clone(repositoryUrl(secondary, 'group/lost'), 'lost');
    expect(lostClone.stderr).toContain(
      "remote: group/lost is recorded as synced but is not on this secondary's disk",
    );
  });

  it('answers a repository missing on the primary with the primary’s 404, and one outside selective sync with a pointer to the primary', async () => {
    const gone = await projectRepository('group/gone');
    // A copy from before the primary lost it stays on disk: the registry decides.
    await mirrorToSecondary(gone);
    await markSynced(gone, true);
    const missing = await fetch(advertisement(secondary, 'group/gone'), {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect([missing.status, missing.headers.get('x-geo-code'), await missing.text()]).toEqual([
      404,
      'REPOSITORY_NOT_FOUND',
      'repository not found: group/gone\n',
    ]);
    const unknown = await fetch(advertisement(primary, 'group/nothing'), {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect([unknown.status, unknown.headers.get('x-geo-code')]).toEqual([
      404,
      'REPOSITORY_NOT_FOUND',
    ]);

    const app = await projectRepository('group/app');
    await mirrorToSecondary(app);
    await markSynced(app);
    await new GeoNodes(databases.main).update('secondary', {
      selectiveSync: { type: 'shards', shards: ['elsewhere'] },
    });
    await geo.secondary.reload();
    const excluded = await clone(repositoryUrl(secondary, 'group/app'), 'excluded');
    expect(excluded.code).not.toBe(0);
    expect(excluded.stderr).toContain(
      'remote: group/app is not replicated to this secondary (its selective sync leaves it ' +
        `out); fetch it from the primary at ${primary.url}/group/app.git.`,
    );
  });

  it('redirects git push on the secondary to the same path on the primary, which refuses it', async () => {
    const record = await projectRepository('group/app');
    const onSecondary = await mirrorToSecondary(record);
    await markSynced(record);

    for (const [method, path] of [
      ['GET', '/group/app.git/info/refs?service=git-receive-pack'],
      ['POST', '/group/app.git/git-receive-pack'],
    ] as const) {
      const answer = await fetch(`${secondary.url}${path}`, {
        method,
        redirect: 'manual',
        ...(method === 'POST' && { body: '0000' }),
      });
      expect([answer.status, answer.headers.get('location')], path).toEqual([
        302,
        `${primary.url}${path}`,
      ]);
    }
    const onPrimary = await fetch(advertisement(primary, 'group/app', 'git-receive-pack'), {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect([onPrimary.status, await onPrimary.text()]).toEqual([403, `${PRIMARY_PUSH_REFUSED}\n`]);

    const cloned = await clone(repositoryUrl(secondary, 'group/app'), 'work');
    expect(cloned.code, cloned.stderr).toBe(0);
    const [secondaryBefore, primaryBefore] = [
      await sandbox.refs(onSecondary.gitDir),
      await sandbox.refs(record.gitDir),
    ];
    const work = { cwd: clonePath('work'), home: sandbox.home, headers: AS_ADMIN };
    await userGit(['commit', '--quiet', '--allow-empty', '-m', 'a user’s change'], work);
    const pushed = await userGit(['push', 'origin', 'main'], work);
    expect(pushed.code).not.toBe(0);
    // git followed the redirect: the primary's refusal is what the user reads.
    expect(pushed.stderr).toContain('remote: git push is not accepted here');
    expect(await sandbox.refs(onSecondary.gitDir)).toBe(secondaryBefore);
    expect(await sandbox.refs(record.gitDir)).toBe(primaryBefore);
  });

  it('refuses users without the admin token (401 with a Basic challenge, or 403 for a wrong header) and says so when the site has none', async () => {
    const record = await projectRepository('group/app');
    await mirrorToSecondary(record);
    await markSynced(record);
    for (const server of [primary, secondary]) {
      const anonymous = await fetch(advertisement(server, 'group/app'));
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="geo"');
      expect(await anonymous.text()).toContain(
        'Reading group/app from this site needs its admin token: send `Authorization: Bearer <token>`',
      );
      const cloned = await clone(repositoryUrl(server, 'group/app'), 'anonymous', []);
      expect(cloned.code).not.toBe(0);
      const wrong = await clone(repositoryUrl(server, 'group/app'), 'wrong', [
        `Authorization: Bearer ${TOKEN}-guess`,
      ]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain("remote: That is not this site's admin token");
      expect(wrong.stderr).toContain('403');
      // A wrong password from git's credentials (here the URL's): refused after the challenge.
      const wrongBasic = await userGit(
        ['ls-remote', repositoryUrl(server, 'group/app').replace('://', '://reader:guess@')],
        { home: sandbox.home },
      );
      expect(wrongBasic.code).not.toBe(0);
      expect(wrongBasic.stderr).toContain("remote: That is not this site's admin token");
    }
    expect(await readdir(sandbox.dir)).not.toContain('anonymous');

    const tokenless = await start(geo.primary, { adminToken: undefined });
    const refused = await clone(repositoryUrl(tokenless, 'group/app'), 'tokenless');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'remote: This site was started without an admin token, so no user may read group/app from it',
    );
  });

  it('serves anyone in the open read mode, through SiteRunner, only what a secondary has synced', async () => {
    const record = await projectRepository('group/app', 2);
    await mirrorToSecondary(record);
    await markSynced(record);
    await projectRepository('group/pending');

    const runner = await new SiteRunner({
      site: geo.primary,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      queue: new InProcessQueue<GeoJobs>({ concurrency: 1 }),
      http: { port: 0 },
      gitReadAccess: 'open',
      logCursor: false,
    }).start();
    try {
      const url = runner.url;
      if (url === undefined) throw new Error('the site runner serves no HTTP');
      const fromPrimary = await userGit(['clone', `${url}/group/app.git`, clonePath('open')], {
        home: sandbox.home,
      });
      expect(fromPrimary.code, fromPrimary.stderr).toBe(0);
    } finally {
      await runner.close();
    }

    const openSecondary = await start(geo.secondary, { gitReadAccess: 'open' });
    const fromSecondary = await clone(repositoryUrl(openSecondary, 'group/app'), 'open-2', []);
    expect(fromSecondary.code, fromSecondary.stderr).toBe(0);
    const notYet = await clone(repositoryUrl(openSecondary, 'group/pending'), 'open-3', []);
    expect(notYet.stderr).toContain('remote: group/pending is not synced to this secondary yet');
  });

  it('leaves the site’s other routes as they were', async () => {
    await projectRepository('group/app');
    const asAdmin = { headers: { authorization: `Bearer ${TOKEN}` } };
    for (const server of [primary, secondary]) {
      const health = await fetch(`${server.url}/-/health`);
      expect([health.status, await health.json()]).toEqual([
        200,
        {
          status: 'ok',
          site: server === primary ? 'primary' : 'secondary',
          primary: server === primary,
        },
      ]);
      const metrics = await fetch(`${server.url}/metrics`, asAdmin);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      const graphql = await fetch(`${server.url}/api/graphql`, {
        method: 'POST',
        headers: { ...asAdmin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect([graphql.status, await graphql.json()]).toEqual([
        200,
        { data: { __typename: 'Query' } },
      ]);
      const retrieve = await fetch(`${server.url}/api/v4/geo/retrieve/package_file/1`);
      expect(retrieve.status).toBe(401);
      expect(retrieve.headers.get('content-type')).toContain('application/json');
      expect((await fetch(`${server.url}${STATUS_PATH}`)).status).toBe(401);
      // Not smart HTTP: not git's to answer.
      const dumb = await fetch(`${server.url}/group/app.git/HEAD`, asAdmin);
      expect([dumb.status, await dumb.text()]).toEqual([404, '404 Not Found']);
    }
  });
});
