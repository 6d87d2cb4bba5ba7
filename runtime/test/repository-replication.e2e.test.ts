// Repositories between sites as separate `geo-runtime site:start` processes (PostgreSQL, BullMQ,
// HTTP): a secondary clones new repositories, fetches pushes and removes deleted ones over smart
// HTTP; one whose worker is killed mid-clone still converges; users clone from the secondary and
// their pushes are sent to the primary.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectRepository } from '../app/models/project-repository.ts';
import '../app/registries/project-repository-registry.ts';
import { ProjectRepositoryReplicator } from '../app/replicators/project-repository-replicator.ts';
import type { LogEntry } from '../src/log/log-recorder.ts';
import { commitFiles } from '../src/repository/commit-files.ts';
import { PRIMARY_PUSH_REFUSED } from '../src/site-git/push-policy.ts';
import { temporaryCloneRoot } from '../src/repository/disk-path.ts';
import { GitCommandError, runGit } from '../src/repository/git.ts';
import { calculateRefsChecksum } from '../src/repository/refs-checksum.ts';
import { REPLICATION_STATES } from '../src/states/replication-state.ts';
import { VERIFICATION_STATES } from '../src/states/verification-state.ts';
import { projectFactory } from '../src/testing/factories.ts';
import type { ChildSite } from './support/child-site.ts';
import {
  separateProcessSitesUnavailable,
  useSeparateProcessSites,
  WAIT_MS,
} from './support/separate-process-sites.ts';

const ADMIN_TOKEN = `e2e-admin-${randomBytes(8).toString('hex')}`;
/** Big enough that a clone is still running when the test looks (it then stops the primary). */
const BIG_REPOSITORY_BYTES = 64 * 1024 * 1024;

interface RegistryRow {
  readonly project_repository_id: number;
  readonly state: number;
  readonly verification_state: number;
  readonly last_sync_failure: string | null;
}

describe.skipIf(separateProcessSitesUnavailable() !== null)(
  'repositories between sites as separate processes (PostgreSQL, BullMQ, smart HTTP)',
  () => {
    const sites = useSeparateProcessSites({
      replicators: [ProjectRepositoryReplicator],
      primaryArgs: ['--admin-token', ADMIN_TOKEN],
    });
    const { eventually, transcripts } = sites;
    let workers: ChildSite[] = [];
    let secondaryUrl = '';
    let projectId = 0;

    const startWorker = (label: string, args: readonly string[] = ['--no-http']) =>
      sites.startSecondary(label, [
        ...['--concurrency', '2', '--download-lease-ms', '2000', '--admin-token', ADMIN_TOKEN],
        ...args,
      ]);
    const registries = async (): Promise<RegistryRow[]> =>
      (
        await sql<RegistryRow>`SELECT project_repository_id, state, verification_state, last_sync_failure
        FROM project_repository_registry ORDER BY project_repository_id`.execute(sites.tracking.db)
      ).rows;
    const registryOf = async (record: ProjectRepository) =>
      (await registries()).find((row) => row.project_repository_id === record.id);
    const secondaryRoot = () => join(sites.secondaryStorage, 'repositories');
    const copyOf = (record: ProjectRepository) => join(secondaryRoot(), `${record.diskPath}.git`);
    /** The record synced and verified on the secondary, with exactly the primary's refs. */
    const mirrored = async (record: ProjectRepository) => {
      const row = await registryOf(record);
      if (
        row?.state !== REPLICATION_STATES.synced ||
        row.verification_state !== VERIFICATION_STATES.succeeded
      )
        return false;
      const copy = await calculateRefsChecksum(copyOf(record)).catch(() => undefined);
      return copy === (await calculateRefsChecksum(record.gitDir));
    };
    const create = async (name: string) => {
      const record = await ProjectRepository.create(sites.primarySite, {
        project_id: projectId,
        full_path: `e2e/${name}`,
      });
      await commitFiles(record.gitDir, { files: { 'README.md': `# ${name}\n` }, message: 'Init' });
      await commitFiles(record.gitDir, {
        files: { 'README.md': `# ${name}\n`, 'src/main.txt': 'hello\n' },
        message: 'Add source',
      });
      await record.afterPush();
      return record;
    };
    const asAdmin = {
      config: [{ key: 'http.extraHeader', value: `Authorization: Bearer ${ADMIN_TOKEN}` }],
    };

    beforeAll(async () => {
      projectId = (await projectFactory.transient({ site: sites.primarySite }).create()).id;
      const serving = startWorker('secondary worker A (HTTP)', ['--port', '0']);
      workers = [serving, startWorker('secondary worker B')];
      secondaryUrl = (await serving.ready(WAIT_MS)).replace(/^listening /, '');
      await workers[1]!.ready(WAIT_MS);
      await sites.waitForLogCursor();
    }, 240_000);

    let records: ProjectRepository[] = [];

    it('clones new repositories, fetches pushes (new commits, a deleted branch) and removes deleted ones', async () => {
      records = [];
      for (const name of ['alpha', 'beta', 'gamma', 'delta']) records.push(await create(name));
      await eventually('every repository cloned and verified', async () => {
        for (const record of records) if (!(await mirrored(record))) return undefined;
        return true;
      });
      // HEAD follows the primary's default branch.
      const head = await runGit([`--git-dir=${copyOf(records[0]!)}`, 'symbolic-ref', 'HEAD']);
      expect(head.trim()).toBe('refs/heads/main');

      // A push: a new commit on main, a branch that appears, then one that goes.
      const [alpha, beta] = records as [ProjectRepository, ProjectRepository];
      await commitFiles(alpha.gitDir, { files: { 'CHANGELOG.md': '1.0\n' }, message: 'Release' });
      await commitFiles(alpha.gitDir, { files: { x: 'x' }, message: 'wip', branch: 'feature' });
      await alpha.afterPush();
      await eventually('the push fetched', async () =>
        (await mirrored(alpha)) &&
        (await runGit([`--git-dir=${copyOf(alpha)}`, 'branch', '--list', 'feature'])).includes(
          'feature',
        )
          ? true
          : undefined,
      );
      await runGit([`--git-dir=${alpha.gitDir}`, 'update-ref', '-d', 'refs/heads/feature']);
      await alpha.afterPush();
      await eventually('the deleted branch pruned', async () =>
        (await mirrored(alpha)) &&
        (await runGit([`--git-dir=${copyOf(alpha)}`, 'branch', '--list', 'feature'])).trim() === ''
          ? true
          : undefined,
      );

      // A deleted project repository: its copy and registry go.
      await beta.destroy();
      await eventually('the deleted repository removed', async () =>
        !existsSync(copyOf(beta)) && (await registryOf(beta)) === undefined ? true : undefined,
      );
      records = records.filter((record) => record !== beta);
      // Each process that synced says so in its log; together they synced every repository.
      const synced = new Set(
        workers.flatMap((worker) =>
          worker
            .records({
              event: 'repository-sync-ended',
              result: 'synced',
              replicable_name: 'project_repository',
            })
            .map(subjectOf),
        ),
      );
      for (const record of [...records, beta])
        expect(synced).toContain(`project_repository/${record.id}`);
    }, 240_000);

    it('serves users their clone from the secondary, and sends pushes to the primary', async () => {
      const [record] = records as [ProjectRepository];
      const scratch = join(sites.secondaryStorage, '..', `user-${randomBytes(4).toString('hex')}`);
      const url = `${secondaryUrl}/${record.fullPath}.git`;
      await runGit(['clone', '--quiet', '--', url, scratch], asAdmin);
      expect((await runGit(['-C', scratch, 'rev-parse', 'HEAD'])).trim()).toBe(
        (await runGit([`--git-dir=${record.gitDir}`, 'rev-parse', 'main'])).trim(),
      );

      // The secondary answers a push with a redirect to the same path on the primary...
      const advertisement = await fetch(`${url}/info/refs?service=git-receive-pack`, {
        redirect: 'manual',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(advertisement.status).toBe(302);
      expect(advertisement.headers.get('location')).toBe(
        `${sites.primaryUrl}/${record.fullPath}.git/info/refs?service=git-receive-pack`,
      );
      // ...which git follows, to the primary: it refuses, since the host's own git hosting takes
      // pushes. The refusal git prints is the primary's, and neither site changed.
      await commitFiles(join(scratch, '.git'), { files: { y: 'y' }, message: 'user change' });
      const pushed = await runGit(['-C', scratch, 'push', 'origin', 'main'], asAdmin).then(
        () => 'accepted',
        (error: unknown) => (error instanceof GitCommandError ? error.stderr : String(error)),
      );
      expect(pushed).toContain(PRIMARY_PUSH_REFUSED);
      expect(await calculateRefsChecksum(copyOf(record))).toBe(
        await calculateRefsChecksum(record.gitDir),
      );
    }, 240_000);

    it('converges on a repository whose worker was killed mid-clone, leaving no partial clone', async () => {
      const record = await ProjectRepository.create(sites.primarySite, {
        project_id: projectId,
        full_path: 'e2e/big',
      });
      // Random bytes do not compress: the pack is as big as the data, and takes a while to send.
      await commitFiles(record.gitDir, {
        files: { 'big.bin': randomBytes(BIG_REPOSITORY_BYTES) },
        message: 'Big',
      });
      await eventually('the empty repository cloned first', async () =>
        (await registryOf(record))?.state === REPLICATION_STATES.synced ? true : undefined,
      );
      // With the empty copy in place the next sync would be a fetch: remove it, so that the
      // secondary clones afresh (as for a new repository) when it hears of the push.
      await rm(copyOf(record), { recursive: true, force: true });
      const subject = `project_repository/${record.id}`;
      const temporary = temporaryCloneRoot(secondaryRoot());
      const clones = async () => (await readdir(temporary).catch(() => [] as string[])).length;
      await record.afterPush();

      // As soon as a clone is under way (its temporary directory exists), freeze the primary, so
      // that it stays under way while we find and kill its worker.
      const deadline = Date.now() + WAIT_MS;
      while ((await clones()) === 0) {
        if (Date.now() > deadline)
          throw new Error(`No clone of ${subject} began.\n${transcripts()}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      sites.primary.signal('SIGSTOP');
      let victim: ChildSite;
      try {
        expect(
          (await registryOf(record))?.state,
          'the sync finished before the primary stopped',
        ).toBe(REPLICATION_STATES.started);
        victim = await eventually(
          'the worker running the sync',
          async () => {
            const running = workers.filter((worker) => inFlight(worker, subject));
            return running.length === 1 ? running[0] : undefined;
          },
          10_000,
        );
        victim.signal('SIGKILL');
        expect((await victim.exited).signal).toBe('SIGKILL');
        // The partial clone waits aside; nothing partial is at the repository's path.
        expect(await clones()).toBe(1);
        expect(existsSync(copyOf(record))).toBe(false);
      } finally {
        sites.primary.signal('SIGCONT');
      }
      const replacement = startWorker('secondary worker C (replacement)');
      await replacement.ready(WAIT_MS);
      workers = [...workers.filter((worker) => worker !== victim), replacement];

      // The replacement's timeout sweep notices the sync whose lease lapsed, fails it, removes
      // its partial clone and queues it again.
      await eventually('the big repository synced and verified', async () =>
        (await mirrored(record)) ? true : undefined,
      );
      expect(
        workers.flatMap((worker) =>
          worker
            .records({ event: 'orphaned-download' })
            .filter((entry) => subjectOf(entry) === subject),
        ),
        transcripts(),
      ).toHaveLength(1);
      expect((await registryOf(record))?.last_sync_failure).toBeNull();
      expect(await readdir(temporary).catch(() => []), transcripts()).toEqual([]);
      // Everything else is still in place.
      for (const other of records) expect(await mirrored(other)).toBe(true);
    }, 300_000);
  },
);

/** Whether `worker` began a sync of `subject` that has not ended (synced, failed, skipped…). */
function inFlight(worker: ChildSite, subject: string): boolean {
  const about = (entry: LogEntry) => subjectOf(entry) === subject;
  const started = worker.records({ event: 'repository-sync-started' }).filter(about).length;
  const ended = worker.records({ event: 'repository-sync-ended' }).filter(about).length;
  return started > ended;
}

/** `project_repository/7`: the record a log record is about. */
function subjectOf(entry: LogEntry): string {
  return `${String(entry['replicable_name'])}/${String(entry['model_record_id'])}`;
}
