import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import type { PackageFile } from '../../app/models/package-file.ts';
import { PackageFileRegistry } from '../../app/registries/package-file-registry.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { ExclusiveLease } from '../leases/exclusive-lease.ts';
import type { BlobDownloadResult } from '../replicator/blob-replicator.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { VERIFICATION_STATES } from '../states/verification-state.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { HttpBlobDownloader } from './http-blob-downloader.ts';
import { serve, type RunningServer } from './serve.ts';
import { geoTransferRoutes } from './transfer-routes.ts';

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');
const HOUR_MS = 60 * 60 * 1000;

/** A bare HTTP server for the primary's misbehaviours; records each request's path and auth header. */
interface RawServer extends RunningServer {
  readonly requests: { readonly path: string; readonly authorization: string | undefined }[];
}

async function rawServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RawServer> {
  const requests: RawServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

describeOnEachEngine('HttpBlobDownloader', (databases) => {
  const geo = useGeoSites(databases, {
    siteOptions: { fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }) },
  });
  let primary: RunningServer;
  const servers: RunningServer[] = [];

  beforeEach(async () => {
    // Ids restart with every test, storage directories do not: start from empty ones.
    await Promise.all(
      [geo.primary, geo.secondary].map((site) =>
        rm(site.storageRoot, { recursive: true, force: true }),
      ),
    );
    primary = await startPrimary();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function startPrimary(): Promise<RunningServer> {
    const server = await serve(
      geoTransferRoutes({ site: geo.primary, replicatorClasses: REPLICATOR_CLASSES }),
    );
    await pointPrimaryAt(server);
    return server;
  }

  /** Makes `server` the primary's internal URL: where the secondary downloads from. */
  async function pointPrimaryAt(server: RunningServer): Promise<void> {
    servers.push(server);
    await new GeoNodes(databases.main).update('primary', { internalUrl: server.url });
  }

  /** A package file on the primary; `verified` stores its real SHA256 as the primary's checksum. */
  async function createOnPrimary(content: string | Buffer, options: { verified?: boolean } = {}) {
    const file = await packageFileFactory
      .transient({ site: geo.primary })
      .create({ fileContent: content as string });
    if (options.verified) expect((await file.replicator.verify()).kind).toBe('succeeded');
    return file;
  }

  const replicatorOnSecondary = (file: PackageFile) =>
    new PackageFileReplicator(geo.secondary, { modelRecordId: file.id });

  async function sync(file: PackageFile): Promise<BlobDownloadResult> {
    const outcome = await replicatorOnSecondary(file).sync();
    if (outcome.kind !== 'attempted') throw new Error(`expected a download, got ${outcome.kind}`);
    return outcome.attempt;
  }

  const copyPath = async (file: PackageFile) =>
    (await replicatorOnSecondary(file).uploader()).path as string;
  const registryOf = async (file: PackageFile) => {
    const registry = await PackageFileRegistry.findByModelId(geo.secondary, file.id);
    if (!registry) throw new Error(`no registry for package file ${file.id}`);
    return registry;
  };
  /** The files in the copy's directory: the copy itself at most, never a temporary file. */
  const filesBesideCopy = async (file: PackageFile) =>
    readdir(dirname(await copyPath(file))).catch(() => [] as string[]);

  async function setRegistry(
    file: PackageFile,
    values: { retry_count?: number; retry_at?: Date; state?: number },
  ) {
    await databases.tracking
      .updateTable('package_file_registry')
      .set(values)
      .where('package_file_id', '=', file.id)
      .execute();
  }

  it('downloads the file into place, checks it against the primary checksum, and marks it synced', async () => {
    const content = randomBytes(2 * 1024 * 1024 + 3);
    const file = await createOnPrimary(content, { verified: true });

    expect(await sync(file)).toEqual({
      kind: 'synced',
      bytes: content.length,
      checksum: sha256(content),
    });

    expect((await readFile(await copyPath(file))).equals(content)).toBe(true);
    expect(await filesBesideCopy(file)).toEqual([file.row.file]);
    const registry = await registryOf(file);
    expect(registry.row).toMatchObject({
      state: REPLICATION_STATES.synced,
      retry_count: 0,
      retry_at: null,
      last_sync_failure: null,
      verification_state: VERIFICATION_STATES.pending,
    });
    expect(registry.row.last_synced_at).toBeInstanceOf(Date);
    const key = HttpBlobDownloader.leaseKey('package_file', file.id);
    expect(await new ExclusiveLease(databases.tracking, key, 1000).remainingMs()).toBe(0);
  });

  it('syncs without comparing when the primary has no checksum yet (verification waits for it)', async () => {
    const file = await createOnPrimary('not verified yet');
    expect((await sync(file)).kind).toBe('synced');
    expect(await readFile(await copyPath(file), 'utf8')).toBe('not verified yet');
    expect((await registryOf(file)).row.verification_state).toBe(VERIFICATION_STATES.disabled);
  });

  it('replaces a stale copy on resync', async () => {
    const file = await createOnPrimary('fresh', { verified: true });
    const path = await copyPath(file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'stale');
    expect((await sync(file)).kind).toBe('synced');
    expect(await readFile(path, 'utf8')).toBe('fresh');
    expect(await filesBesideCopy(file)).toEqual([file.row.file]);
  });

  it('fails while the primary is unreachable, with a retry time, and syncs once it is back and the retry is due', async () => {
    const file = await createOnPrimary('eventually', { verified: true });
    await primary.close();

    const failed = await sync(file);
    expect(failed).toMatchObject({
      kind: 'failed',
      reason: 'Error downloading file',
      missingOnPrimary: false,
    });
    let registry = await registryOf(file);
    expect(registry.state).toBe('failed');
    expect(registry.row.last_sync_failure).toMatch(
      /^Error downloading file: fetch failed \(.*ECONNREFUSED/,
    );
    expect(registry.row.retry_count).toBe(1);
    expect(registry.row.retry_at?.getTime()).toBeGreaterThan(Date.now());
    expect(await filesBesideCopy(file)).toEqual([]);
    // Not yet due: the sync worker leaves it alone.
    expect(await PackageFileRegistry.needsSyncAgainModelIds(geo.secondary, 10)).toEqual([]);

    primary = await startPrimary();
    await setRegistry(file, { retry_at: new Date(Date.now() - 1000) });
    expect(await PackageFileRegistry.needsSyncAgainModelIds(geo.secondary, 10)).toEqual([file.id]);

    expect((await sync(file)).kind).toBe('synced');
    registry = await registryOf(file);
    expect([registry.state, registry.row.retry_count, registry.row.last_sync_failure]).toEqual([
      'synced',
      0,
      null,
    ]);
    expect(await readFile(await copyPath(file), 'utf8')).toBe('eventually');
  });

  it('keeps nothing of a transfer cut halfway', async () => {
    const content = randomBytes(256 * 1024);
    const file = await createOnPrimary(content, { verified: true });
    let sawTemporaryFile = false;
    const cutting = await rawServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': content.length,
      });
      res.write(content.subarray(0, content.length / 2), async () => {
        // Cut only once the secondary is writing its temporary file, so the test proves its removal.
        for (let tries = 0; tries < 100 && !sawTemporaryFile; tries++) {
          sawTemporaryFile = (await filesBesideCopy(file)).some((name) => name.includes('.tmp-'));
          if (!sawTemporaryFile) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        res.socket?.destroy();
      });
    });
    await pointPrimaryAt(cutting);

    const result = await sync(file);
    expect(sawTemporaryFile).toBe(true);
    expect(result).toMatchObject({ kind: 'failed', reason: 'Error downloading file' });
    expect(await filesBesideCopy(file)).toEqual([]);
    const registry = await registryOf(file);
    expect(registry.state).toBe('failed');
    expect(registry.row.last_sync_failure).toMatch(
      /^Error downloading file: Received \d+ of 262144 bytes before the connection to the Geo primary ended/,
    );
    expect(registry.row.retry_at).not.toBeNull();
  });

  it('gives up when the primary goes silent for longer than the inactivity timeout', async () => {
    const file = await createOnPrimary('x'.repeat(1000));
    const stalling = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': 1000 });
      res.write('x'.repeat(10)); // … and nothing more.
    });
    await pointPrimaryAt(stalling);

    const downloader = new HttpBlobDownloader(geo.secondary, { inactivityTimeoutMs: 300 });
    const started = Date.now();
    const result = await downloader.download(replicatorOnSecondary(file));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ kind: 'failed', reason: 'Error downloading file' });
    expect((await registryOf(file)).row.last_sync_failure).toMatch(
      /^Error downloading file: No data from the Geo primary for 0\.3 s/,
    );
    expect(await filesBesideCopy(file)).toEqual([]);
  });

  it('refuses a file whose SHA256 differs from the primary checksum, and keeps nothing', async () => {
    const file = await packageFileFactory
      .transient({ site: geo.primary })
      .verificationSucceeded() // checksum 'abc0': not this file's
      .create({ fileContent: 'real content' });

    const result = await sync(file);
    expect(result).toEqual({
      kind: 'failed',
      reason: 'Downloaded file checksum mismatch',
      missingOnPrimary: false,
      details: { primary_checksum: 'abc0', actual_checksum: sha256('real content') },
    });
    expect(await filesBesideCopy(file)).toEqual([]);
    const registry = await registryOf(file);
    expect([registry.state, registry.row.last_sync_failure]).toEqual([
      'failed',
      'Downloaded file checksum mismatch',
    ]);
  });

  it('marks a file missing on the primary as such, backing off up to about 4 hours instead of 1', async () => {
    const missing = await createOnPrimary('gone');
    await rm(missing.file.path as string);
    await replicatorOnSecondary(missing).registry();
    await setRegistry(missing, { state: REPLICATION_STATES.failed, retry_count: 20 });

    const result = await sync(missing);
    expect(result).toMatchObject({
      kind: 'failed',
      reason: 'The file is missing on the Geo primary site',
      missingOnPrimary: true,
      details: { status_code: 404 },
    });
    const registry = await registryOf(missing);
    expect([registry.state, registry.row.retry_count]).toEqual(['failed', 21]);
    const wait = (registry.row.retry_at?.getTime() ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(4 * HOUR_MS - 60_000);
    expect(wait).toBeLessThan(4 * HOUR_MS + 80_000);
    expect(await filesBesideCopy(missing)).toEqual([]);

    // Any other failure after as many retries waits about an hour.
    const erroring = await rawServer((_req, res) => res.writeHead(500).end('{"message":"boom"}'));
    await pointPrimaryAt(erroring);
    const other = await createOnPrimary('other');
    await replicatorOnSecondary(other).registry();
    await setRegistry(other, { state: REPLICATION_STATES.failed, retry_count: 20 });
    expect(await sync(other)).toMatchObject({
      kind: 'failed',
      reason: 'Non-success HTTP response status code 500',
      missingOnPrimary: false,
      details: { status_code: 500 },
    });
    const otherWait = ((await registryOf(other)).row.retry_at?.getTime() ?? 0) - Date.now();
    expect(otherWait).toBeGreaterThan(HOUR_MS - 60_000);
    expect(otherWait).toBeLessThan(HOUR_MS + 80_000);
  });

  it('fails with the status code when the primary refuses this secondary (401)', async () => {
    const file = await createOnPrimary('private');
    // Disabled in the database; this process has not noticed yet and still tries.
    await new GeoNodes(databases.main).update('secondary', { enabled: false });
    expect(await sync(file)).toMatchObject({
      kind: 'failed',
      reason: 'Non-success HTTP response status code 401',
      details: { status_code: 401 },
    });
    expect((await registryOf(file)).row.last_sync_failure).toBe(
      'Non-success HTTP response status code 401',
    );
  });

  it('follows one redirect without sending its credentials there', async () => {
    const file = await createOnPrimary('redirected', { verified: true });
    const redirecting = await rawServer((req, res) => {
      if (req.url?.startsWith('/api/v4/geo/retrieve/')) {
        res.writeHead(302, { Location: '/object-storage/blob' }).end();
      } else {
        res.writeHead(200, { 'Content-Length': 10 }).end('redirected');
      }
    });
    await pointPrimaryAt(redirecting);

    expect((await sync(file)).kind).toBe('synced');
    expect(redirecting.requests).toEqual([
      {
        path: `/api/v4/geo/retrieve/package_file/${file.id}`,
        authorization: expect.stringMatching(/^GL-Geo /),
      },
      { path: '/object-storage/blob', authorization: undefined },
    ]);
  });

  /** A primary that sends the first half of `content`, then waits for `release()` to send the rest. */
  async function pausingPrimary(content: string) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const half = Math.floor(content.length / 2);
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': Buffer.byteLength(content) });
      res.write(content.slice(0, half));
      arrived();
      void released.then(() => res.end(content.slice(half)));
    });
    await pointPrimaryAt(server);
    return { server, requestArrived, release };
  }

  it('runs one download per registry at a time: a second one is skipped and touches nothing', async () => {
    const file = await createOnPrimary('slow but sure', { verified: true });
    const paused = await pausingPrimary('slow but sure');

    const first = sync(file);
    await paused.requestArrived;
    expect((await registryOf(file)).state).toBe('started');
    expect(await sync(file)).toEqual({ kind: 'skipped', reason: 'already-running' });
    expect(paused.server.requests).toHaveLength(1);
    expect((await registryOf(file)).state).toBe('started');

    paused.release();
    expect((await first).kind).toBe('synced');
    expect(await readFile(await copyPath(file), 'utf8')).toBe('slow but sure');
  });

  it('keeps its lease alive while a download outlasts the lease TTL', async () => {
    const file = await createOnPrimary('a long download');
    const paused = await pausingPrimary('a long download');
    const downloader = new HttpBlobDownloader(geo.secondary, { leaseTtlMs: 300 });

    const first = downloader.download(replicatorOnSecondary(file));
    await paused.requestArrived;
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(await downloader.download(replicatorOnSecondary(file))).toEqual({
      kind: 'skipped',
      reason: 'already-running',
    });
    paused.release();
    expect((await first).kind).toBe('synced');
  });

  it('abandons the download when another worker took its lease, keeping nothing', async () => {
    const file = await createOnPrimary('contested');
    const paused = await pausingPrimary('contested');
    const downloader = new HttpBlobDownloader(geo.secondary, { leaseTtlMs: 300 });

    const first = downloader.download(replicatorOnSecondary(file));
    await paused.requestArrived;
    await databases.tracking
      .updateTable('exclusive_leases')
      .set({ owner: 'another-worker' })
      .where('key', '=', HttpBlobDownloader.leaseKey('package_file', file.id))
      .execute();
    expect(await first).toMatchObject({ kind: 'failed', reason: 'Error downloading file' });
    expect((await registryOf(file)).row.last_sync_failure).toMatch(
      /^Error downloading file: Lost the download lease geo\/blob_download:package_file:\d+ to another worker/,
    );
    expect(await filesBesideCopy(file)).toEqual([]);
    paused.release();
  });

  it('leaves a registry marked for resync mid-download as it was marked', async () => {
    const file = await createOnPrimary('changed meanwhile');
    const paused = await pausingPrimary('changed meanwhile');

    const first = sync(file);
    await paused.requestArrived;
    await (await registryOf(file)).pending();
    paused.release();

    expect(await first).toEqual({ kind: 'reset-mid-sync', state: 'pending' });
    expect((await registryOf(file)).state).toBe('pending');
  });

  it('skips without creating or starting the registry while another process holds the lease', async () => {
    const file = await createOnPrimary('leased');
    const other = new ExclusiveLease(
      databases.tracking,
      HttpBlobDownloader.leaseKey('package_file', file.id),
      60_000,
    );
    expect(await other.tryObtain()).toBe(true);

    expect(await sync(file)).toEqual({ kind: 'skipped', reason: 'already-running' });
    expect(await PackageFileRegistry.findByModelId(geo.secondary, file.id)).toBeUndefined();

    await other.release();
    expect((await sync(file)).kind).toBe('synced');
  });

  it('recovers a registry left started by a crashed worker: failed first, synced on the retry', async () => {
    const file = await createOnPrimary('after the crash', { verified: true });
    const registry = await replicatorOnSecondary(file).registry();
    await registry.start(); // … and the worker died here, its lease lapsing.

    expect(await sync(file)).toMatchObject({
      kind: 'failed',
      reason: 'Error while attempting to sync',
    });
    expect((await registryOf(file)).row.last_sync_failure).toMatch(
      /^Error while attempting to sync: /,
    );
    expect((await sync(file)).kind).toBe('synced');
  });

  it('does nothing on a site that is not a secondary', async () => {
    const file = await createOnPrimary('primary only');
    const downloader = new HttpBlobDownloader(geo.primary);
    expect(await downloader.download(file.replicator as PackageFileReplicator)).toEqual({
      kind: 'skipped',
      reason: 'not-secondary',
    });
  });
  describe('a file already at its destination (ok_to_skip_download)', () => {
    // Only while verification runs (it follows replication): it is what catches a wrong copy.
    beforeEach(async () => {
      await geo.primary.flags.enable(PackageFileReplicator.replicationFeatureFlag);
    });

    /** The secondary's copy, put in place as a restore from backup would. */
    async function restoreCopy(file: PackageFile, content: string | Buffer): Promise<void> {
      await mkdir(dirname(await copyPath(file)), { recursive: true });
      await writeFile(await copyPath(file), content);
    }

    it('marks a brand-new registry synced without a transfer, and verification confirms the copy', async () => {
      const file = await createOnPrimary('restored bytes', { verified: true });
      await primary.close();
      await restoreCopy(file, 'restored bytes');

      expect(await sync(file)).toEqual({ kind: 'already-present' });
      const registry = await registryOf(file);
      expect(registry.state).toBe('synced');
      expect(registry.verificationState).toBe('pending');
      expect(await replicatorOnSecondary(file).verify()).toMatchObject({ kind: 'succeeded' });
    });

    it('lets verification find a wrong restored copy and download the right one', async () => {
      const file = await createOnPrimary('the right bytes', { verified: true });
      await restoreCopy(file, 'stale bytes');

      expect(await sync(file)).toEqual({ kind: 'already-present' });
      expect(await replicatorOnSecondary(file).verify()).toMatchObject({ kind: 'mismatch' });
      const failed = await registryOf(file);
      expect(failed.state).toBe('failed');
      expect(failed.row.last_sync_failure).toMatch(
        /^Verification failed with: Checksum does not match/,
      );

      await setRegistry(file, { retry_at: new Date(Date.now() - 1000) });
      expect(await sync(file)).toMatchObject({ kind: 'synced' });
      expect(await readFile(await copyPath(file), 'utf8')).toBe('the right bytes');
    });

    it('downloads while verification is off, since nothing would catch a wrong copy', async () => {
      await geo.primary.flags.disable(PackageFileReplicator.replicationFeatureFlag);
      const file = await createOnPrimary('fresh', { verified: true });
      await restoreCopy(file, 'old');
      expect(await sync(file)).toMatchObject({ kind: 'synced', bytes: 'fresh'.length });
    });

    it('downloads again when the registry is not brand new, whatever is on disk', async () => {
      const file = await createOnPrimary('fresh', { verified: true });
      await restoreCopy(file, 'old');
      const registry = await PackageFileRegistry.findOrCreate(geo.secondary, file.id);
      await registry.start();
      await registry.failed({ message: 'Error downloading file' });
      await setRegistry(file, { retry_at: new Date(Date.now() - 1000) });

      expect(await sync(file)).toMatchObject({ kind: 'synced', bytes: 'fresh'.length });
      expect(await readFile(await copyPath(file), 'utf8')).toBe('fresh');
    });
  });
});
