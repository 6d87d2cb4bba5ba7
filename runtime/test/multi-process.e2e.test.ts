// The primary and a secondary as separate `geo-runtime site:start` processes: HTTP between them,
// their databases on the machine's PostgreSQL (the secondary's main-database connection
// read-only), jobs on BullMQ shared by two secondary worker processes, and a worker killed
// mid-download whose registry still converges.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageFileFactory } from '../app/factories/package-file-factory.ts';
import { PackageFile } from '../app/models/package-file.ts';
import '../app/registries/package-file-registry.ts';
import { PackageFileReplicator } from '../app/replicators/package-file-replicator.ts';
import { openSiteDatabase } from '../src/cli/site-databases.ts';
import type { LogEntry } from '../src/log/log-recorder.ts';
import { parseLogLine } from '../src/log/logger.ts';
import type { MainDatabase } from '../src/db/main-database.ts';
import { ReadOnlyDatabaseError } from '../src/db/errors.ts';
import { REPLICATION_STATES } from '../src/states/replication-state.ts';
import { VERIFICATION_STATES } from '../src/states/verification-state.ts';
import { projectFactory } from '../src/testing/factories.ts';
import type { ChildSite } from './support/child-site.ts';
import {
  separateProcessSitesUnavailable,
  useSeparateProcessSites,
  WAIT_MS,
} from './support/separate-process-sites.ts';

const SMALL_FILES = 12;
/** Big enough that the download is still running when the test looks (it then stops the primary). */
const BIG_FILE_BYTES = 96 * 1024 * 1024;

interface RegistryRow {
  readonly package_file_id: number;
  readonly state: number;
  readonly verification_state: number;
  readonly last_sync_failure: string | null;
}

describe.skipIf(separateProcessSitesUnavailable() !== null)(
  'sites as separate processes (PostgreSQL, BullMQ, HTTP)',
  () => {
    const sites = useSeparateProcessSites({ replicators: [PackageFileReplicator] });
    const { eventually, transcripts } = sites;
    let workers: ChildSite[] = [];

    const startWorker = (label: string) =>
      sites.startSecondary(label, [
        ...['--no-http', '--concurrency', '2', '--download-lease-ms', '2000'],
      ]);

    const registries = async (): Promise<RegistryRow[]> =>
      (
        await sql<RegistryRow>`SELECT package_file_id, state, verification_state, last_sync_failure
        FROM package_file_registry ORDER BY package_file_id`.execute(sites.tracking.db)
      ).rows;
    const synced = (row: RegistryRow | undefined) =>
      row?.state === REPLICATION_STATES.synced &&
      row.verification_state === VERIFICATION_STATES.succeeded;
    const copyOf = (file: PackageFile) =>
      join(sites.secondaryStorage, file.file.relativePath as string);
    const sha256 = async (path: string) => {
      const hash = createHash('sha256');
      await pipeline(createReadStream(path), hash);
      return hash.digest('hex');
    };

    beforeAll(async () => {
      workers = [startWorker('secondary worker A'), startWorker('secondary worker B')];
      await Promise.all(workers.map((worker) => worker.ready(WAIT_MS)));
      await sites.waitForLogCursor();
    }, 240_000);

    let files: PackageFile[] = [];

    it('syncs and verifies every file, the work shared by both worker processes', async () => {
      files = [];
      for (let index = 0; index < SMALL_FILES; index++) {
        files.push(
          await packageFileFactory
            .transient({ site: sites.primarySite })
            .create({ fileContent: randomBytes(2048 + index * 512).toString('base64') }),
        );
      }

      await eventually('every registry synced and verified', async () => {
        const rows = await registries();
        return rows.length === SMALL_FILES && rows.every(synced) ? rows : undefined;
      });

      for (const file of files) {
        expect(await sha256(copyOf(file))).toBe(await sha256(file.file.path as string));
      }
      // Each download that did the work says so in the log of the process that did it.
      const downloaded = workers.map(
        (worker) =>
          new Set(
            worker
              .records({
                event: 'download-ended',
                result: 'synced',
                replicable_name: 'package_file',
              })
              .map(subjectOf),
          ),
      );
      for (const [index, worker] of workers.entries()) {
        expect(
          downloaded[index]!.size,
          `${worker.label} downloaded nothing\n${transcripts()}`,
        ).toBeGreaterThan(0);
      }
      expect(new Set(downloaded.flatMap((set) => [...set]))).toEqual(
        new Set(files.map((file) => `package_file/${file.id}`)),
      );
      // And in its structured log: a `Blob download` JSON line per transfer, with the site and a
      // correlation id.
      const logged = workers.map((worker) =>
        worker.stdout
          .map(parseLogLine)
          .filter(
            (entry) =>
              entry?.['message'] === 'Blob download' &&
              entry['download_success'] === true &&
              Number(entry['bytes_downloaded']) > 0,
          ),
      );
      for (const [index, entries] of logged.entries()) {
        expect(
          new Set(
            entries.map((entry) => `${entry?.['replicable_name']}/${entry?.['model_record_id']}`),
          ),
        ).toEqual(downloaded[index]);
        for (const entry of entries) {
          expect(entry).toMatchObject({ site: 'secondary', correlation_id: expect.any(String) });
        }
      }
    }, 240_000);

    it("opens the secondary's main database read-only: writes fail in Kysely and in the session", async () => {
      for (const worker of workers) {
        expect(worker.stdout[1]).toMatch(/; main PostgreSQL \S+ read-only; tracking PostgreSQL /);
      }
      const replica = await openSiteDatabase<MainDatabase>(
        'main',
        { kind: 'postgres', url: sites.mainDatabaseUrl },
        true,
      );
      try {
        await expect(
          replica.db.insertInto('namespaces').values({ name: 'x', path: 'x' }).execute(),
        ).rejects.toThrow(ReadOnlyDatabaseError);
        await expect(
          sql`WITH added AS (INSERT INTO namespaces (name, path) VALUES ('x', 'x') RETURNING id) SELECT id FROM added`.execute(
            replica.db,
          ),
        ).rejects.toThrow(/read-only transaction/);
        expect(await replica.db.selectFrom('geo_nodes').select('name').execute()).toHaveLength(2);
      } finally {
        await replica.close();
      }
    });

    it('removes the copy and the registry of a record deleted on the primary', async () => {
      const doomed = files.splice(0, 2);
      for (const file of doomed) await file.destroy();

      await eventually('copies and registries of deleted records gone', async () => {
        const ids = new Set((await registries()).map((row) => row.package_file_id));
        const gone = doomed.every((file) => !ids.has(file.id) && !existsSync(copyOf(file)));
        return gone && ids.size === files.length ? true : undefined;
      });
    }, 240_000);

    it('recovers a download whose worker was killed: synced and verified after all, no temporary file left', async () => {
      const project = await projectFactory.transient({ site: sites.primarySite }).create();
      const big = await PackageFile.create(
        sites.primarySite,
        { project_id: project.id, file_name: 'big.bin' },
        { name: 'big.bin', content: randomBytes(BIG_FILE_BYTES) },
      );
      const subject = `package_file/${big.id}`;
      const directory = dirname(copyOf(big));
      const tempFiles = async () =>
        (await readdir(directory).catch(() => [] as string[])).filter((name) =>
          name.startsWith(`${basename(copyOf(big))}.tmp-`),
        );

      // As soon as a temporary file appears the download is under way: freeze the primary, so
      // that it stays under way (a stalled connection) while we find and kill its worker.
      const deadline = Date.now() + WAIT_MS;
      while ((await tempFiles()).length === 0) {
        if (Date.now() > deadline)
          throw new Error(`No download of ${subject} began.\n${transcripts()}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      sites.primary.signal('SIGSTOP');
      let victim: ChildSite;
      try {
        const registry = (await registries()).find((row) => row.package_file_id === big.id);
        expect(registry?.state, 'the download finished before the primary was stopped').toBe(
          REPLICATION_STATES.started,
        );
        // Both workers may have tried (the event and the sync scheduler); one holds the lease,
        // the other logged `download skipped`. The victim is the one whose download has not ended.
        victim = await eventually(
          'the worker running the big download',
          async () => {
            const running = workers.filter((worker) => inFlight(worker, subject));
            return running.length === 1 ? running[0] : undefined;
          },
          10_000,
        );
        victim.signal('SIGKILL');
        expect((await victim.exited).signal).toBe('SIGKILL');
        expect(await tempFiles()).toHaveLength(1);
      } finally {
        sites.primary.signal('SIGCONT');
      }

      const replacement = startWorker('secondary worker C (replacement)');
      await replacement.ready(WAIT_MS);
      const survivors = [...workers.filter((worker) => worker !== victim), replacement];

      const row = await eventually('the big file synced and verified', async () => {
        const found = (await registries()).find(
          (candidate) => candidate.package_file_id === big.id,
        );
        return synced(found) ? found : undefined;
      });
      expect(row.last_sync_failure).toBeNull();
      expect(await sha256(copyOf(big))).toBe(await sha256(big.file.path as string));
      expect(await tempFiles()).toEqual([]);
      // It was the timeout sweep that noticed (and removed the dead worker's temporary file),
      // not the queue re-running the dead worker's job.
      expect(
        survivors.flatMap((worker) =>
          worker
            .records({ event: 'orphaned-download', temp_files_removed: 1 })
            .filter((entry) => subjectOf(entry) === subject),
        ),
        transcripts(),
      ).toHaveLength(1);
      // Everything else is still in place.
      const rows = await registries();
      expect(rows.filter(synced)).toHaveLength(files.length + 1);
    }, 240_000);
  },
);

/** `package_file/7`: the record a log record is about. */
function subjectOf(entry: LogEntry): string {
  return `${String(entry['replicable_name'])}/${String(entry['model_record_id'])}`;
}

/** Whether `worker` started a download of `subject` that has not ended (synced, failed, skipped…). */
function inFlight(worker: ChildSite, subject: string): boolean {
  const about = (entry: LogEntry) => subjectOf(entry) === subject;
  const started = worker.records({ event: 'download-started' }).filter(about).length;
  const ended = worker.records({ event: 'download-ended' }).filter(about).length;
  return started > ended;
}
