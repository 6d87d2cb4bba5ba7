import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MainDatabase } from '../db/main-database.ts';
import { openDatabase, type Database } from '../db/open-database.ts';
import { parseLogLine } from '../log/logger.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { adminQuery } from '../testing/postgres-templates.ts';
import { postgresUrlFor } from '../testing/services.ts';
import { main } from './main.ts';
import { SiteConfigError, siteStartConfig } from './site-start-options.ts';

describe('siteStartConfig', () => {
  const required = { name: 'secondary-1', storage: '/srv/geo' };

  it('takes flags over the environment, the environment over defaults', () => {
    const config = siteStartConfig(
      { ...required, port: '8080' },
      {
        GEO_HTTP_PORT: '9090',
        GEO_HTTP_HOST: '0.0.0.0',
        GEO_REDIS_URL: 'redis://cache:6379',
        GEO_JOB_CONCURRENCY: '4',
        GEO_MAIN_DATABASE_READ_ONLY: '1',
        GEO_INTERVAL_MS: '500',
        GEO_DOWNLOAD_LEASE_MS: '30000',
        GEO_ADMIN_TOKEN: 'secret',
        GEO_GIT_READ_ACCESS: 'open',
      },
    );
    expect(config).toEqual({
      name: 'secondary-1',
      storage: '/srv/geo',
      http: { port: 8080, hostname: '0.0.0.0' },
      jobs: { kind: 'bullmq', redisUrl: 'redis://cache:6379', prefix: 'geo', concurrency: 4 },
      replica: true,
      adminToken: 'secret',
      gitReadAccess: 'open',
      logCursor: true,
      intervalMs: 500,
      downloadLeaseMs: 30_000,
    });
  });

  it('defaults to the in-process queue, any free port on 127.0.0.1, production intervals', () => {
    expect(siteStartConfig({ storage: 'relative', name: 'primary' }, {})).toEqual({
      name: 'primary',
      storage: join(process.cwd(), 'relative'),
      http: { port: 0, hostname: '127.0.0.1' },
      jobs: { kind: 'in-process', concurrency: 10 },
      replica: false,
      adminToken: undefined,
      gitReadAccess: 'admin',
      logCursor: true,
      intervalMs: undefined,
      downloadLeaseMs: undefined,
    });
  });

  it('turns HTTP and the log cursor off with --no-http and --no-log-cursor', () => {
    const config = siteStartConfig({ ...required, http: false, logCursor: false }, {});
    expect(config.http).toBeUndefined();
    expect(config.logCursor).toBe(false);
  });

  it.each([
    [
      { storage: '/srv' },
      /^Missing the site's name in geo_nodes: pass --name <site> or set GEO_SITE_NAME\.$/,
    ],
    [{ name: 'x' }, /pass --storage <dir> or set GEO_STORAGE_DIR/],
    [
      { ...required, port: '70000' },
      /--port \(GEO_HTTP_PORT\) must be a whole number from 0 to 65535/,
    ],
    [{ ...required, port: '-1' }, /--port/],
    [{ ...required, concurrency: '0' }, /--concurrency \(GEO_JOB_CONCURRENCY\)/],
    [{ ...required, intervalMs: '1.5' }, /--interval-ms \(GEO_INTERVAL_MS\)/],
    [{ ...required, downloadLeaseMs: 'soon' }, /--download-lease-ms \(GEO_DOWNLOAD_LEASE_MS\)/],
    [{ ...required, redis: 'localhost:6379' }, /--redis \(GEO_REDIS_URL\) must be a redis:\/\//],
    [
      { ...required, redis: 'redis://r', redisPrefix: 'a:b' },
      /--redis-prefix .* must not contain ':'/,
    ],
    [
      { ...required, gitReadAccess: 'public' },
      /^--git-read-access \(GEO_GIT_READ_ACCESS\) must be one of admin, open; got "public"\.$/,
    ],
    [{ ...required, adminToken: '' }, /^--admin-token \(GEO_ADMIN_TOKEN\) is set but blank/],
    [{ ...required, adminToken: '  \t ' }, /^--admin-token \(GEO_ADMIN_TOKEN\) is set but blank/],
  ])('refuses %j with a message that says what to do', (flags, message) => {
    expect(() => siteStartConfig(flags, {})).toThrow(SiteConfigError);
    expect(() => siteStartConfig(flags, {})).toThrow(message);
  });

  it('takes repository storages from --repository-storage, else GEO_REPOSITORY_STORAGES, paths made absolute', () => {
    const env = { GEO_REPOSITORY_STORAGES: 'default=/env/repos, east = relative/east ,' };
    expect(siteStartConfig(required, env).repositoryStorages).toEqual({
      default: '/env/repos',
      east: join(process.cwd(), 'relative/east'),
    });
    expect(
      siteStartConfig(
        { ...required, repositoryStorage: ['default=/flag/repos', 'gitaly-2.west=/mnt/w=2'] },
        env,
      ).repositoryStorages,
    ).toEqual({ default: '/flag/repos', 'gitaly-2.west': '/mnt/w=2' });
    expect(siteStartConfig(required, {}).repositoryStorages).toBeUndefined();
    expect(siteStartConfig(required, { GEO_REPOSITORY_STORAGES: ' ' }).repositoryStorages).toBe(
      undefined,
    );
  });

  it.each([
    [['default'], 'default'],
    [['=/srv/repos'], '=/srv/repos'],
    [['default='], 'default='],
    [['-x=/srv/repos'], '-x=/srv/repos'],
    [['east side=/srv/repos'], 'east side=/srv/repos'],
  ])('refuses the repository storage %j, saying it takes name=path', (entries, shown) => {
    const message = `--repository-storage (GEO_REPOSITORY_STORAGES) takes name=path (a storage name of letters, digits, _, . and -, and its directory), e.g. default=/var/geo/repositories; got ${JSON.stringify(shown)}.`;
    expect(() => siteStartConfig({ ...required, repositoryStorage: entries }, {})).toThrow(
      new SiteConfigError(message),
    );
    expect(() =>
      siteStartConfig(required, { GEO_REPOSITORY_STORAGES: `ok=/srv/ok,${entries[0]}` }),
    ).toThrow(new SiteConfigError(message));
  });

  it('refuses a repository storage named twice', () => {
    expect(() =>
      siteStartConfig(required, { GEO_REPOSITORY_STORAGES: 'default=/a,east=/b,default=/c' }),
    ).toThrow(
      new SiteConfigError(
        '--repository-storage (GEO_REPOSITORY_STORAGES) names the storage "default" twice: give each storage one directory; got "default=/a,east=/b,default=/c".',
      ),
    );
  });

  it('refuses a blank admin token from the environment too: it would leave the site unguarded', () => {
    expect(() => siteStartConfig(required, { GEO_ADMIN_TOKEN: ' ' })).toThrow(
      /^--admin-token \(GEO_ADMIN_TOKEN\) is set but blank/,
    );
  });
});

/** Runs not yet exited (a test that failed midway): stopped before their databases are dropped. */
const running = new Map<Promise<number>, AbortController>();

async function stopRunning(): Promise<void> {
  for (const stop of running.values()) stop.abort();
  await Promise.all(running.keys());
}

/** Runs the CLI in this process; `shutdown` stands in for SIGTERM. */
function cli(argv: string[], env: NodeJS.ProcessEnv, shutdown = new AbortController().signal) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const stop = new AbortController();
  const exit = main({
    argv,
    env,
    stdout,
    stderr,
    shutdown: AbortSignal.any([shutdown, stop.signal]),
  });
  running.set(exit, stop);
  const forget = () => running.delete(exit);
  exit.then(forget, forget);
  return {
    exit,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

describe('geo-runtime site:start', () => {
  it('exits 1 with one line on stderr when the configuration is incomplete', async () => {
    const run = cli(['site:start', '--storage', '/tmp/x'], {});
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toBe(
      "geo-runtime: Missing the site's name in geo_nodes: pass --name <site> or set GEO_SITE_NAME.\n",
    );
    expect(run.stdout()).toBe('');
  });

  it('exits 1 with one line when Redis cannot be reached', async () => {
    const run = cli(
      ['site:start', '--name', 'primary', '--storage', '/tmp/x', '--redis', 'redis://127.0.0.1:1'],
      {},
    );
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(
      /^geo-runtime: Cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\. Start Redis or fix --redis \(GEO_REDIS_URL\)\.\n$/,
    );
  });
});

const postgresUnavailable = inject('postgresUnavailable');

describe.skipIf(postgresUnavailable !== null)('geo-runtime site:start [postgres]', () => {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const names = {
    main: `geo_test_cli_main_${suffix}`,
    tracking: `geo_test_cli_tracking_${suffix}`,
  };
  const bare = `geo_test_cli_bare_${suffix}`;
  let storage = '';
  let database: Database<MainDatabase> | undefined;
  const env = (tracking = names.tracking): NodeJS.ProcessEnv => ({
    GEO_MAIN_DATABASE: postgresUrlFor(names.main),
    GEO_TRACKING_DATABASE: postgresUrlFor(tracking),
  });

  beforeAll(async () => {
    const templates = inject('postgresTemplates');
    await adminQuery(`CREATE DATABASE ${names.main} TEMPLATE ${templates.main}`);
    await adminQuery(`CREATE DATABASE ${names.tracking} TEMPLATE ${templates.tracking}`);
    await adminQuery(`CREATE DATABASE ${bare}`);
    database = await openDatabase<MainDatabase>({
      kind: 'postgres',
      url: postgresUrlFor(names.main),
    });
    const nodes = new GeoNodes(database.db);
    await nodes.create({ name: 'primary', url: 'http://127.0.0.1:1', primary: true });
    await nodes.create({ name: 'secondary', url: 'http://127.0.0.1:2' });
    storage = await mkdtemp(join(tmpdir(), 'geo-cli-'));
  });
  afterAll(async () => {
    await stopRunning();
    await database?.close();
    for (const name of [...Object.values(names), bare]) {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    if (storage) await rm(storage, { recursive: true, force: true });
  });

  it('runs a primary until shut down: the URL first, then the site; closes gracefully', async () => {
    const shutdown = new AbortController();
    const run = cli(
      [
        'site:start',
        '--name',
        'primary',
        '--storage',
        storage,
        '--port',
        '0',
        '--interval-ms',
        '200',
      ],
      env(),
      shutdown.signal,
    );
    const url = await firstLine(run.stdout);
    expect(url).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url.replace('listening ', '')}/-/health`);
    expect(await health.json()).toEqual({ status: 'ok', site: 'primary', primary: true });

    shutdown.abort();
    expect(await run.exit).toBe(0);
    const lines = run.stdout().trimEnd().split('\n');
    expect(lines[1]).toMatch(
      /^site primary \(primary, pid \d+\); main PostgreSQL .*; jobs in-process queue, concurrency 10; storage /,
    );
    // After the first two lines, log records only: the last says the site stopped.
    const records = lines.slice(2).map(parseLogLine);
    expect(records).not.toContain(undefined);
    expect(records.at(-1)).toMatchObject({ site: 'primary', event: 'stopped', level: 'info' });
    expect(run.stderr()).toBe(
      'geo-runtime: no admin token (--admin-token / GEO_ADMIN_TOKEN): GraphQL, the status API and the metrics are off\n',
    );
  });

  it('runs a worker-only secondary with a read-only main database', async () => {
    const shutdown = new AbortController();
    const run = cli(
      ['site:start', '--name', 'secondary', '--storage', storage, '--no-http', '--replica'],
      env(),
      shutdown.signal,
    );
    expect(await firstLine(run.stdout)).toBe('running secondary without HTTP');
    shutdown.abort();
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toMatch(/main PostgreSQL \S+ read-only; tracking PostgreSQL /);
    expect(run.stderr()).toBe(''); // It serves no HTTP, so nothing is off.
  });

  it.each([
    [
      'an unknown site',
      ['--name', 'nowhere'],
      () => env(),
      /^geo-runtime: No Geo site named 'nowhere' in geo_nodes\. /,
    ],
    [
      '--replica on the primary',
      ['--name', 'primary', '--replica'],
      () => env(),
      /^geo-runtime: Site primary is the primary: its main database must be writable\. Drop --replica/,
    ],
    [
      'a secondary whose tracking database is not migrated',
      ['--name', 'secondary'],
      () => env(bare),
      /^geo-runtime: The tracking database is not migrated: run geo-runtime db:migrate --tracking first\.\n$/,
    ],
    [
      'a secondary without a tracking database',
      ['--name', 'secondary'],
      () => ({ GEO_MAIN_DATABASE: postgresUrlFor(names.main) }),
      /^geo-runtime: Site secondary is a secondary and needs its own tracking database: set GEO_TRACKING_DATABASE/,
    ],
    [
      'a main database that is not migrated',
      ['--name', 'primary'],
      () => ({ GEO_MAIN_DATABASE: postgresUrlFor(bare) }),
      /^geo-runtime: The main database has no geo_nodes table: run geo-runtime db:migrate first\.\n$/,
    ],
  ])('exits 1 with one line for %s', async (_case, flags, environment, message) => {
    const run = cli(['site:start', '--storage', storage, '--no-http', ...flags], environment());
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr().trimEnd().split('\n')).toHaveLength(1);
  });
});

async function firstLine(stdout: () => string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!stdout().includes('\n')) {
    if (Date.now() > deadline) throw new Error(`No line on stdout within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return stdout().split('\n')[0] ?? '';
}
