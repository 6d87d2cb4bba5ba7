import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { projectRepositoryFactory } from '../../app/factories/project-repository-factory.ts';
import { ProjectRepository } from '../../app/models/project-repository.ts';
import { ProjectRepositoryRegistry } from '../../app/registries/project-repository-registry.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { ProjectRepositoryReplicator } from '../../app/replicators/project-repository-replicator.ts';
import { geoRepositoryAuthorizer } from '../git-http/geo-repository-authorizer.ts';
import { gitRoutes } from '../git-http/git-routes.ts';
import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import { handleEvent } from '../log-cursor/event-handler.ts';
import type { RepositorySyncResult } from '../replicator/repository-replicator.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { parseGeoAuthorization } from '../transfer/authorization-header.ts';
import { serve, type RunningServer } from '../transfer/serve.ts';
import { initBareRepository } from './bare-repository.ts';
import { cloneTempPrefix } from './clone-leftovers.ts';
import { GitRepositoryFetcher, repositoryUrl } from './git-repository-fetcher.ts';
import { calculateRefsChecksum } from './refs-checksum.ts';
import { BareCommits } from './testing/bare-commits.ts';
import { showRefs } from './testing/git-fixtures.ts';
import { descendantProcesses, type ProcessInfo } from './testing/processes.ts';

/** Runs before the primary's git routes: answer the request, or hold it, or let it through. */
type Intercept = (request: Request) => Promise<Response | undefined> | Response | undefined;

interface Gate {
  readonly opened: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

it('builds the repository URL from the internal URL, whatever its trailing slashes', () => {
  expect(repositoryUrl('http://primary.internal', 'group/app')).toBe(
    'http://primary.internal/group/app.git',
  );
  expect(repositoryUrl('http://primary.internal/geo//', 'group/app')).toBe(
    'http://primary.internal/geo/group/app.git',
  );
});

describeOnEachEngine('GitRepositoryFetcher', (databases) => {
  const geo = useGeoSites(databases, {
    siteOptions: { fetchers: (site) => ({ repository: new GitRepositoryFetcher(site) }) },
  });
  let server: RunningServer;
  let intercept: Intercept | undefined;
  let requests: { method: string; path: string; authorization: string | null }[];
  const gates: Gate[] = [];

  beforeEach(async () => {
    // Ids restart with every test, storage directories do not: start from empty ones.
    await Promise.all(
      [geo.primary, geo.secondary].map((site) =>
        rm(site.storageRoot, { recursive: true, force: true }),
      ),
    );
    intercept = undefined;
    requests = [];
    server = await startPrimary();
  });
  afterEach(async () => {
    for (const held of gates.splice(0)) held.open();
    await server.close();
  });

  /** The primary's git routes, as the site serves them, behind the test's intercept. */
  async function startPrimary(): Promise<RunningServer> {
    const app = new Hono();
    app.use('*', async (c, next) => {
      const url = new URL(c.req.url);
      requests.push({
        method: c.req.method,
        path: url.pathname,
        authorization: c.req.header('Authorization') ?? null,
      });
      const answer = await intercept?.(c.req.raw);
      if (answer) return answer;
      await next();
    });
    app.route(
      '/',
      gitRoutes({
        locate: async (fullPath) => {
          const record = await ProjectRepository.findByFullPath(geo.primary, fullPath);
          return (
            record && {
              root: geo.primary.repositoryStorageRoot(record.repositoryStorage),
              diskPath: record.diskPath,
            }
          );
        },
        authorize: geoRepositoryAuthorizer({ nodes: geo.primary.nodes }),
      }),
    );
    const started = await serve(app);
    // A trailing slash, as an administrator may well type it.
    await new GeoNodes(databases.main).update('primary', {
      url: started.url,
      internalUrl: `${started.url}/`,
    });
    return started;
  }

  /** A project repository on the primary with commits on main and feature and a tag. */
  async function createOnPrimary(): Promise<{ record: ProjectRepository; commits: BareCommits }> {
    const record = await projectRepositoryFactory.transient({ site: geo.primary }).create();
    const commits = new BareCommits(record.gitDir);
    await commits.commit('main');
    await commits.commit('main');
    await commits.commit('feature');
    await commits.tag('v1');
    return { record, commits };
  }

  const replicatorOnSecondary = (record: ProjectRepository) =>
    new ProjectRepositoryReplicator(geo.secondary, { modelRecordId: record.id });

  async function sync(record: ProjectRepository): Promise<RepositorySyncResult> {
    const outcome = await replicatorOnSecondary(record).sync();
    if (outcome.kind !== 'attempted') throw new Error(`expected a sync, got ${outcome.kind}`);
    return outcome.attempt;
  }

  const copyOf = (record: ProjectRepository) => replicatorOnSecondary(record).gitDir();
  const temporaryEntries = async (record: ProjectRepository) =>
    readdir(await replicatorOnSecondary(record).temporaryCloneRoot()).catch(() => [] as string[]);
  async function registryOf(record: ProjectRepository): Promise<ProjectRepositoryRegistry> {
    const registry = (await ProjectRepositoryRegistry.findByModelId(geo.secondary, record.id)) as
      ProjectRepositoryRegistry | undefined;
    if (!registry) throw new Error(`no registry for project repository ${record.id}`);
    return registry;
  }
  const leaseOf = (record: ProjectRepository, owner?: string) =>
    new ExclusiveLease(
      databases.tracking,
      replicatorOnSecondary(record).syncLeaseKey,
      60_000,
      owner,
    );

  /** Holds the first `git-upload-pack` POST (the pack, after the refs were advertised) until opened. */
  function holdFirstPack(): { arrived: Promise<void>; release: Gate } {
    const arrived = gate();
    const release = gate();
    gates.push(release);
    let held = false;
    intercept = async (request) => {
      if (request.method !== 'POST' || held) return undefined;
      held = true;
      arrived.open();
      await release.opened;
      return undefined;
    };
    return { arrived: arrived.opened, release };
  }

  it('clones a new repository with the primary’s refs and HEAD, and marks it synced', async () => {
    const { record, commits } = await createOnPrimary();
    await commits.commit('develop');
    await commits.setHead('develop');

    expect(await sync(record)).toEqual({
      kind: 'synced',
      how: 'cloned',
      refsChecksum: await calculateRefsChecksum(record.gitDir),
      housekeeping: { kind: 'done' },
    });

    const copy = await copyOf(record);
    expect(await calculateRefsChecksum(copy)).toBe(await calculateRefsChecksum(record.gitDir));
    expect(await showRefs(copy)).toBe(await showRefs(record.gitDir));
    expect(await showRefs(copy)).toMatch(/^HEAD -> refs\/heads\/develop\n/);
    expect(await temporaryEntries(record)).toEqual([]);
    const registry = await registryOf(record);
    expect(registry.row).toMatchObject({
      state: REPLICATION_STATES.synced,
      missing_on_primary: false,
      retry_count: 0,
      retry_at: null,
      last_sync_failure: null,
    });
    expect(await leaseOf(record).remainingMs()).toBe(0);
    // Every request carried the secondary's GL-Geo token for this repository.
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request.path.startsWith(`/${record.fullPath}.git/`)).toBe(true);
      expect(parseGeoAuthorization(request.authorization ?? undefined)?.accessKey).toBe(
        geo.secondary.node.accessKey,
      );
    }
  });

  it('fetches an update: new commits, a deleted branch pruned, a force-pushed branch, a new HEAD', async () => {
    const { record, commits } = await createOnPrimary();
    await commits.commit('stale');
    expect(await sync(record)).toMatchObject({ kind: 'synced', how: 'cloned' });
    const oldFeature = await commits.tip('refs/heads/feature');

    await commits.commit('main');
    await commits.deleteBranch('stale');
    const rewritten = await commits.commit('feature', { parent: null });
    await commits.tag('v2');
    await commits.setHead('feature');

    expect(await sync(record)).toEqual({
      kind: 'synced',
      how: 'fetched',
      refsChecksum: await calculateRefsChecksum(record.gitDir),
      housekeeping: { kind: 'done' },
    });
    const copy = await copyOf(record);
    const refs = await showRefs(copy);
    expect(refs).toBe(await showRefs(record.gitDir));
    expect(refs).not.toContain('refs/heads/stale');
    expect(refs).toContain(`${rewritten} refs/heads/feature`);
    expect(refs).not.toContain(`${oldFeature} refs/heads/feature`);
    expect(refs).toMatch(/^HEAD -> refs\/heads\/feature\n/);
    expect((await registryOf(record)).state).toBe('synced');
  });

  it('removes the clone a dead worker left aside, and no other repository’s', async () => {
    const { record } = await createOnPrimary();
    const replicator = replicatorOnSecondary(record);
    const aside = await replicator.temporaryCloneRoot();
    // The dead worker's git may have gone on writing after the sweep removed its clone.
    const dead = join(aside, `${cloneTempPrefix(await replicator.gitDir())}Dead01`);
    const others = join(aside, `${cloneTempPrefix(join(aside, '..', 'other.git'))}Live02`);
    await mkdir(join(dead, 'objects', 'pack'), { recursive: true });
    await mkdir(others, { recursive: true });

    expect(await sync(record)).toMatchObject({ kind: 'synced', how: 'cloned' });

    expect(existsSync(dead)).toBe(false);
    expect(existsSync(others)).toBe(true);
  });

  it('records a repository missing on the primary as synced and missing_on_primary, until it appears', async () => {
    const { record } = await createOnPrimary();
    await rm(record.gitDir, { recursive: true });

    expect(await sync(record)).toEqual({ kind: 'missing-on-primary' });
    let registry = await registryOf(record);
    expect(registry.row).toMatchObject({
      state: REPLICATION_STATES.synced,
      missing_on_primary: true,
      last_sync_failure: null,
    });
    expect(registry.missingOnPrimary).toBe(true);
    expect(existsSync(await copyOf(record))).toBe(false);
    expect(await temporaryEntries(record)).toEqual([]);

    // Pushed at last: the next sync clones it and clears the mark.
    const commits = new BareCommits(record.gitDir);
    await initBareRepository(record.gitDir);
    await commits.commit('main');
    expect(await sync(record)).toMatchObject({ kind: 'synced', how: 'cloned' });
    registry = await registryOf(record);
    expect(registry.row).toMatchObject({ state: REPLICATION_STATES.synced });
    expect(registry.missingOnPrimary).toBe(false);
  });

  it('fails with git’s message and a retry time while the primary answers 500, then while it is unreachable', async () => {
    const { record } = await createOnPrimary();
    intercept = () => new Response('primary is having a bad day\n', { status: 500 });

    const failed = await sync(record);
    expect(failed).toMatchObject({
      kind: 'failed',
      reason: 'Error syncing repository',
      details: {
        error: expect.stringContaining('The requested URL returned error: 500'),
        url: `${server.url}/${record.fullPath}.git`,
      },
    });
    let registry = await registryOf(record);
    expect(registry.state).toBe('failed');
    expect(registry.row.last_sync_failure).toMatch(
      /^Error syncing repository: git clone exited with code 128: .*The requested URL returned error: 500/s,
    );
    expect(registry.row.retry_count).toBe(1);
    expect(registry.row.retry_at?.getTime()).toBeGreaterThan(Date.now());
    expect(existsSync(await copyOf(record))).toBe(false);
    expect(await temporaryEntries(record)).toEqual([]);

    await server.close();
    expect(await sync(record)).toMatchObject({
      kind: 'failed',
      reason: 'Error syncing repository',
    });
    registry = await registryOf(record);
    expect(registry.row.last_sync_failure).toMatch(
      /^Error syncing repository: git clone exited with code 128: fatal: unable to access .*(Failed to connect|Could not connect|Connection refused)/s,
    );
    expect(registry.row.retry_count).toBe(2);
    expect(registry.row.retry_at?.getTime()).toBeGreaterThan(Date.now());
  });

  it('fails naming HTTP 401 when the primary refuses the token', async () => {
    const { record } = await createOnPrimary();
    // The primary now knows another secret for this secondary than the one it signs with.
    await databases.main
      .updateTable('geo_nodes')
      .set({ secret_access_key: 'x'.repeat(40) })
      .where('name', '=', 'secondary')
      .execute();

    expect(await sync(record)).toMatchObject({
      kind: 'failed',
      reason: 'Error syncing repository',
    });
    const registry = await registryOf(record);
    expect(registry.state).toBe('failed');
    expect(registry.row.last_sync_failure).toMatch(
      /^Error syncing repository: The Geo primary refused this site's credentials \(HTTP 401\) for /,
    );
    expect(existsSync(await copyOf(record))).toBe(false);
  });

  it('syncs again after an updated event consumed while it ran, and gets what that push brought', async () => {
    await geo.primary.flags.enable(ProjectRepositoryReplicator.replicationFeatureFlag);
    const { record, commits } = await createOnPrimary();
    const { arrived, release } = holdFirstPack();

    const syncing = sync(record);
    // The refs are advertised; the pack is on its way. Now a push lands on the primary.
    await arrived;
    const pushed = await commits.commit('main');
    expect(
      await handleEvent(geo.secondary, REPLICATOR_CLASSES, {
        replicable_name: 'project_repository',
        event_name: 'updated',
        payload: { model_record_id: record.id },
      }),
    ).toEqual({ kind: 'consumed' });
    // The event's own sync found the running one's lease and left the registry marked pending.
    expect((await registryOf(record)).state).toBe('pending');
    release.open();

    // The first round cloned what was advertised before the push; the second fetched the push.
    expect(await syncing).toMatchObject({ kind: 'synced', how: 'fetched' });
    const copy = await copyOf(record);
    expect(await showRefs(copy)).toBe(await showRefs(record.gitDir));
    expect(await showRefs(copy)).toContain(`${pushed} refs/heads/main`);
    expect((await registryOf(record)).state).toBe('synced');
  });

  it('leaves no copy and no registry of a repository deleted while it was being cloned', async () => {
    await geo.primary.flags.enable(ProjectRepositoryReplicator.replicationFeatureFlag);
    const { record } = await createOnPrimary();
    const { arrived, release } = holdFirstPack();

    const syncing = sync(record);
    await arrived;
    // Deleted on the primary mid-clone; the secondary consumes the event at once.
    const payload = await record.replicator.deletedParams();
    expect(
      await handleEvent(geo.secondary, REPLICATOR_CLASSES, {
        replicable_name: 'project_repository',
        event_name: 'deleted',
        payload: { ...payload },
      }),
    ).toEqual({ kind: 'consumed' });
    release.open();

    expect(await syncing).toEqual({ kind: 'deleted-meanwhile' });
    expect(existsSync(await copyOf(record))).toBe(false);
    expect(await temporaryEntries(record)).toEqual([]);
    expect(await ProjectRepositoryRegistry.findByModelId(geo.secondary, record.id)).toBeUndefined();
  });

  it('leaves the registry pending for the scheduler after its last round', async () => {
    const { record, commits } = await createOnPrimary();
    const { arrived, release } = holdFirstPack();
    const fetcher = new GitRepositoryFetcher(geo.secondary, { maxRounds: 1 });

    const syncing = fetcher.fetch(replicatorOnSecondary(record));
    await arrived;
    await commits.commit('main');
    await (await registryOf(record)).pending();
    release.open();

    expect(await syncing).toEqual({ kind: 'reset-mid-sync', state: 'pending' });
    expect(await ProjectRepositoryRegistry.pendingModelIds(geo.secondary, 10)).toEqual([record.id]);
  });

  it('skips a repository whose sync lease another worker holds, touching nothing', async () => {
    const { record } = await createOnPrimary();
    await replicatorOnSecondary(record).registry();
    const other = leaseOf(record, 'another-worker');
    expect(await other.tryObtain()).toBe(true);

    expect(await sync(record)).toEqual({ kind: 'skipped', reason: 'already-running' });
    expect((await registryOf(record)).row).toMatchObject({
      state: REPLICATION_STATES.pending,
      last_synced_at: null,
    });
    expect(requests).toEqual([]);
    expect(await other.remainingMs()).toBeGreaterThan(0);
  });

  it('stops git when the lease is lost mid-clone, leaving no partial repository, and the next sync converges', async () => {
    const { record } = await createOnPrimary();
    const { arrived, release } = holdFirstPack();
    const fetcher = new GitRepositoryFetcher(geo.secondary, { leaseTtlMs: 300 });

    const syncing = fetcher.fetch(replicatorOnSecondary(record));
    await arrived;
    expect(await temporaryEntries(record)).toHaveLength(1);
    // Another worker takes the lease over (as after a pause longer than its TTL).
    await databases.tracking
      .deleteFrom('exclusive_leases')
      .where('key', '=', replicatorOnSecondary(record).syncLeaseKey)
      .execute();
    const thief = leaseOf(record, 'thief');
    expect(await thief.tryObtain()).toBe(true);

    expect(await syncing).toMatchObject({
      kind: 'failed',
      reason: 'Error syncing repository',
      details: { error: expect.stringContaining('Lost the sync lease') },
    });
    release.open();
    expect(existsSync(await copyOf(record))).toBe(false);
    expect(await temporaryEntries(record)).toEqual([]);
    const processes = await descendantProcesses();
    expect(processes.filter((info) => info.argv.some((arg) => arg.includes(server.url)))).toEqual(
      [],
    );

    await thief.release();
    expect(await fetcher.fetch(replicatorOnSecondary(record))).toMatchObject({
      kind: 'synced',
      how: 'cloned',
    });
    expect(await showRefs(await copyOf(record))).toBe(await showRefs(record.gitDir));
  });

  it('never shows the token on the command line of any process, while cloning or fetching', async () => {
    const { record, commits } = await createOnPrimary();
    // While each request waits here, the git processes that sent it are running.
    const seen: { token: string; processes: ProcessInfo[] }[] = [];
    intercept = async (request) => {
      const token = parseGeoAuthorization(request.headers.get('Authorization') ?? undefined)?.token;
      if (token) seen.push({ token, processes: await descendantProcesses() });
      return undefined;
    };

    await sync(record);
    await commits.commit('main');
    expect(await sync(record)).toMatchObject({ kind: 'synced', how: 'fetched' });

    expect(seen).toHaveLength(requests.length);
    for (const { token, processes } of seen) {
      expect(processes.map((info) => info.argv.join(' '))).toContainEqual(
        expect.stringMatching(/remote-http/),
      );
      for (const info of processes) expect(info.argv.join(' ')).not.toContain(token);
    }
  });

  it('fails with a clear reason when there is no primary to sync from', async () => {
    const { record } = await createOnPrimary();
    await new GeoNodes(databases.main).update('primary', { primary: false });

    expect(await sync(record)).toEqual({
      kind: 'failed',
      reason: 'Skipping repository sync as there is no Primary node to sync from',
      details: {},
    });
    expect((await registryOf(record)).row.last_sync_failure).toBe(
      'Skipping repository sync as there is no Primary node to sync from',
    );
    expect(requests).toEqual([]);
  });

  it('fails unforeseen errors too, never leaving the registry started', async () => {
    const { record } = await createOnPrimary();
    // The secondary has no root for the repository's storage.
    await databases.main
      .updateTable('project_repositories')
      .set({ repository_storage: 'nowhere' })
      .where('id', '=', record.id)
      .execute();

    expect(await sync(record)).toMatchObject({
      kind: 'failed',
      reason: 'Error while attempting to sync',
      details: { error: expect.stringContaining("no repository storage named 'nowhere'") },
    });
    expect((await registryOf(record)).state).toBe('failed');
  });

  it('does nothing on a site that is not a secondary', async () => {
    const { record } = await createOnPrimary();
    const fetcher = new GitRepositoryFetcher(geo.primary);
    expect(
      await fetcher.fetch(
        new ProjectRepositoryReplicator(geo.primary, { modelRecordId: record.id }),
      ),
    ).toEqual({ kind: 'skipped', reason: 'not-secondary' });
    expect(requests).toEqual([]);
  });
});
