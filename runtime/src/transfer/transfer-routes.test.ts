import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, onTestFinished, vi } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import type { PackageFile } from '../../app/models/package-file.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { formatGeoAuthorization, geoTransferAuthorization } from './authorization-header.ts';
import { serve, type RunningServer } from './serve.ts';
import { geoTransferRoutes, type TransferRefusal } from './transfer-routes.ts';
import { signTransferToken, type TransferData } from './transfer-token.ts';

/** A replicator whose model cannot be read: stands in for any unexpected failure. */
class BrokenReplicator extends PackageFileReplicator {
  static override get model(): typeof PackageFile {
    throw new Error('the model is broken');
  }
}

describeOnEachEngine('Geo transfer routes', (databases) => {
  const geo = useGeoSites(databases);
  let server: RunningServer;
  let refusals: TransferRefusal[];
  let errors: Error[];

  beforeEach(async () => {
    refusals = [];
    errors = [];
    server = await serve(
      geoTransferRoutes({
        site: geo.primary,
        replicatorClasses: [...REPLICATOR_CLASSES, BrokenReplicator],
        onUnauthorized: (refusal) => refusals.push(refusal),
        onError: (error) => errors.push(error),
      }),
    );
  });
  afterEach(() => server.close());

  const createFile = (content: string | Buffer = 'package bytes\n'): Promise<PackageFile> =>
    packageFileFactory.transient({ site: geo.primary }).create({ fileContent: content as string });

  /** GET the retrieve URL; `id` is put in the path as given (so it may be malformed). */
  async function retrieve(
    name: string,
    id: string | number,
    authorization?: string | null,
  ): Promise<Response> {
    const numeric = Number(id);
    const header =
      authorization === undefined
        ? await geoTransferAuthorization(geo.secondary.node, {
            replicableName: name,
            replicableId: numeric,
          })
        : authorization;
    return fetch(`${server.url}/api/v4/geo/retrieve/${name}/${id}`, {
      headers: header === null ? {} : { Authorization: header },
    });
  }

  const tokenFor = (data: TransferData, secret = geo.secondary.node.secretAccessKey, now?: Date) =>
    signTransferToken(secret, data, now ? { now } : {}).then((token) =>
      formatGeoAuthorization({ accessKey: geo.secondary.node.accessKey, token }),
    );

  it('streams the file to an authenticated secondary, with its length', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const file = await createFile(content);
    const response = await retrieve('package_file', file.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe(String(content.length));
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
    expect(refusals).toEqual([]);
  });

  it('serves an empty file', async () => {
    const file = await createFile('');
    const response = await retrieve('package_file', file.id);
    expect([
      response.status,
      response.headers.get('content-length'),
      await response.text(),
    ]).toEqual([200, '0', '']);
  });

  it.each([
    '0',
    '-1',
    '1.5',
    'abc',
    '1e3',
    '..%2F..%2Fetc%2Fpasswd',
    '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  ])('answers 400 for the id %s, before looking at credentials', async (id) => {
    await createFile();
    for (const authorization of [null, 'garbage']) {
      const response = await retrieve('package_file', id, authorization);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        message: '400 Bad Request: id must be a positive integer',
      });
    }
    expect(refusals).toEqual([]);
  });

  it('never serves a file for a raw ../ path (it matches no route)', async () => {
    const file = await createFile('root:x:0:0\n');
    const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(server.url);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/v4/geo/retrieve/package_file/../../../../etc/passwd`,
          headers: { Authorization: 'GL-Geo x:y' },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(raw.status).toBe(404);
    expect(raw.body).not.toContain('root:');
    expect(file.id).toBeGreaterThan(0);
  });

  it('answers 401 without credentials, or with credentials not in the GL-Geo format', async () => {
    const file = await createFile();
    const cases: [string | null, TransferRefusal['failure']][] = [
      [null, 'missing-header'],
      ['', 'missing-header'],
      ['Bearer abc', 'malformed-header'],
      [`GL-Geo ${geo.secondary.node.accessKey}`, 'malformed-header'],
      [`GL-Geo  ${geo.secondary.node.accessKey}:x`, 'malformed-header'],
    ];
    for (const [header, failure] of cases) {
      const response = await retrieve('package_file', file.id, header);
      expect(response.status, String(header)).toBe(401);
      expect(await response.json()).toEqual({
        message: "401 Unauthorized: expected the header 'Authorization: GL-Geo <access_key>:<JWT>'",
      });
      expect(refusals.at(-1)).toEqual({ failure, replicableName: 'package_file', id: file.id });
    }
  });

  it('answers 401 to a forged token, an unknown key, a disabled site and a token for another record, all alike', async () => {
    const file = await createFile();
    const other = await createFile('other');
    const data = { replicableName: 'package_file', replicableId: file.id };
    const wrongSecret = await tokenFor(data, 'x'.repeat(40));
    const unknownKey = formatGeoAuthorization({
      accessKey: 'nobody-has-this-key',
      token: await signTransferToken(geo.secondary.node.secretAccessKey, data),
    });
    const forOtherId = await tokenFor({ replicableName: 'package_file', replicableId: other.id });
    const forOtherName = await tokenFor({ replicableName: 'upload', replicableId: file.id });
    const cases: [string, TransferRefusal['failure']][] = [
      [wrongSecret, 'invalid-token'],
      [unknownKey, 'unknown-access-key'],
      [forOtherId, 'data-mismatch'],
      [forOtherName, 'data-mismatch'],
      [`GL-Geo ${geo.secondary.node.accessKey}:not-a-jwt`, 'invalid-token'],
    ];
    for (const [header, failure] of cases) {
      const response = await retrieve('package_file', file.id, header);
      expect(response.status, failure).toBe(401);
      expect(await response.json()).toEqual({ message: '401 Unauthorized' });
      expect(refusals.at(-1)?.failure).toBe(failure);
    }

    // The other record is still served with its own token.
    expect((await retrieve('package_file', other.id)).status).toBe(200);

    const valid = await tokenFor(data);
    await new GeoNodes(databases.main).update('secondary', { enabled: false });
    const response = await retrieve('package_file', file.id, valid);
    expect([response.status, await response.json()]).toEqual([
      401,
      { message: '401 Unauthorized' },
    ]);
    expect(refusals.at(-1)?.failure).toBe('unknown-access-key');
  });

  it('answers 401 to an expired token, hinting at the clocks', async () => {
    const file = await createFile();
    const data = { replicableName: 'package_file', replicableId: file.id };
    const expired = await tokenFor(data, undefined, new Date(Date.now() - 10 * 60_000));
    const response = await retrieve('package_file', file.id, expired);
    expect(response.status).toBe(401);
    expect((await response.json()) as { message: string }).toEqual({
      message: expect.stringMatching(
        /signature not within leeway of 60 seconds\. Check the system clocks/,
      ),
    });
    expect(refusals.at(-1)?.failure).toBe('outside-validity-window');
    // Within the leeway it is still accepted.
    const late = await tokenFor(data, undefined, new Date(Date.now() - 90_000));
    expect((await retrieve('package_file', file.id, late)).status).toBe(200);
  });

  it('answers 404 for a replicable that is not registered', async () => {
    const file = await createFile();
    const response = await retrieve('upload', file.id);
    expect([response.status, await response.json()]).toEqual([
      404,
      { message: '404 Unknown replicable upload' },
    ]);
  });

  it('answers 404 for a record that does not exist', async () => {
    const response = await retrieve('package_file', 999_999);
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ message: '404 PackageFile 999999 not found' });
    expect(body).not.toHaveProperty('geo_code');
  });

  it('answers 404 FILE_NOT_FOUND for a record whose file is missing', async () => {
    const file = await createFile();
    await rm(file.file.path as string);
    const response = await retrieve('package_file', file.id);
    expect([response.status, await response.json()]).toEqual([
      404,
      { geo_code: 'FILE_NOT_FOUND', message: `PackageFile #${file.id} file not found` },
    ]);
  });

  it('never serves a file outside the storage root: not through the stored path, nor a symbolic link', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'geo-outside-'));
    try {
      const secret = join(outside, 'secret.txt');
      await writeFile(secret, 'TOP SECRET\n');

      const linked = await createFile();
      await rm(linked.file.path as string);
      await symlink(secret, linked.file.path as string);
      const viaLink = await retrieve('package_file', linked.id);
      expect(viaLink.status).toBe(404);
      expect(await viaLink.text()).not.toContain('TOP SECRET');

      const escaping = await createFile();
      await geo.primary.mainDb
        .updateTable('package_files')
        .set({ file: `../../../../../../../../..${secret}` })
        .where('id', '=', escaping.id)
        .execute();
      const viaPath = await retrieve('package_file', escaping.id);
      expect([viaPath.status, ((await viaPath.json()) as { geo_code?: string }).geo_code]).toEqual([
        404,
        'FILE_NOT_FOUND',
      ]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('answers 500 to an unexpected error, without its detail, and reports it', async () => {
    const response = await retrieve('broken', 1);
    expect([response.status, await response.json()]).toEqual([
      500,
      { message: '500 Internal Server Error' },
    ]);
    expect(errors.map((error) => error.message)).toEqual(['the model is broken']);
  });
  it('closes the file of every HEAD request and of every download the client abandons', async () => {
    const content = randomBytes(4 * 1024 * 1024);
    const file = await createFile(content);
    const url = `${server.url}/api/v4/geo/retrieve/package_file/${file.id}`;
    const header = () =>
      geoTransferAuthorization(geo.secondary.node, {
        replicableName: 'package_file',
        replicableId: file.id,
      });
    /** This process's open file descriptors on the primary's storage (sockets do not count). */
    const openBlobs = async () => {
      const targets = await Promise.all(
        (await readdir('/proc/self/fd')).map((fd) =>
          readlink(`/proc/self/fd/${fd}`).catch(() => ''),
        ),
      );
      return targets.filter((target) => target.startsWith(geo.primary.storageRoot)).length;
    };
    const before = await openBlobs();
    // A handle left to the garbage collector closes too, but late and with this warning.
    const gcWarnings: string[] = [];
    const onWarning = (warning: Error) => {
      if (warning.message.includes('on garbage collection')) gcWarnings.push(warning.message);
    };
    process.on('warning', onWarning);
    onTestFinished(() => {
      process.off('warning', onWarning);
    });

    for (let index = 0; index < 500; index++) {
      const response = await fetch(url, {
        method: 'HEAD',
        headers: { Authorization: await header() },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-length')).toBe(String(content.length));
    }
    for (let index = 0; index < 50; index++) {
      const authorization = await header();
      await new Promise<void>((resolve, reject) => {
        const request = httpRequest(url, { headers: { Authorization: authorization } }, (res) => {
          res.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', reject);
        request.end();
      });
    }

    // The server notices each abandoned download as its socket closes: wait for that, no longer.
    await vi.waitFor(async () => expect(await openBlobs()).toBe(before), {
      timeout: 30_000,
      interval: 50,
    });
    expect(gcWarnings).toEqual([]);
  });
});
