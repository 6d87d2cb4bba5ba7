import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildSite } from '../../test/support/child-site.ts';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { runGeoRuntime, spawnGeoRuntime, type CliResult } from './cli-harness.ts';
import { main } from './main.ts';

/**
 * Every path below the root, sorted; of a PGlite data directory only its own entries (what a
 * command that opened it and closed it again changes inside is PGlite's business, but a lock file
 * left behind is not).
 */
async function listing(root: string): Promise<string[]> {
  const paths: string[] = [];
  const walk = async (dir: string, database: boolean): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const isDatabase = entries.some((entry) => entry.name === 'PG_VERSION');
    for (const entry of entries) {
      const path = join(dir, entry.name);
      paths.push(relative(root, path) + (entry.isDirectory() ? '/' : ''));
      if (entry.isDirectory() && !isDatabase && !database) await walk(path, false);
    }
  };
  await walk(root, false);
  return paths.sort();
}

/** Runs the CLI in this process with these settings only; `site:start` stops as soon as it runs. */
async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await main({
    argv: ['--root', RUNTIME_ROOT, ...argv],
    env,
    stdout,
    stderr,
    shutdown: AbortSignal.abort(),
  });
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

/** The one line a refused command prints, `geo-runtime: ` dropped. */
function refusal(result: CliResult): string {
  expect(result, result.stdout + result.stderr).toMatchObject({ code: 1, stdout: '' });
  const lines = result.stderr.split('\n');
  expect(lines, result.stderr).toHaveLength(2); // one line and its newline
  expect(lines[0]).toMatch(/^geo-runtime: /);
  expect(lines[0]).not.toContain('[object Object]');
  return (lines[0] ?? '').replace(/^geo-runtime: /, '');
}

describe('geo-runtime refuses bad configuration with one line, leaving nothing behind', () => {
  let root = '';
  /** A migrated main database with a primary and a secondary, a tracking one, a storage, a file. */
  const paths = {
    main: '',
    tracking: '',
    storage: '',
    file: '',
  };

  beforeAll(async () => {
    // Real: the lock's message names the directory's real path.
    root = await realpath(await mkdtemp(join(tmpdir(), 'geo-bad-config-')));
    paths.main = join(root, 'main');
    paths.tracking = join(root, 'tracking');
    paths.storage = join(root, 'storage');
    paths.file = join(root, 'a-file');
    await mkdir(paths.storage);
    await writeFile(paths.file, 'not a directory\n');
    expect((await runGeoRuntime(['db:migrate'], paths.main)).code).toBe(0);
    expect((await runGeoRuntime(['db:migrate', '--tracking'], paths.tracking)).code).toBe(0);
    for (const node of [
      ['--name', 'primary', '--primary'],
      ['--name', 'secondary'],
    ]) {
      const added = await runGeoRuntime(
        ['node:add', ...node, '--url', 'http://127.0.0.1:1'],
        paths.main,
      );
      expect(added.code, added.stderr).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Runs `run` and returns its refusal line, after checking that nothing under root changed. */
  async function refused(run: () => Promise<CliResult>): Promise<string> {
    const before = await listing(root);
    const result = await run();
    expect(await listing(root)).toEqual(before);
    return refusal(result);
  }

  const start = (...flags: string[]) => ['site:start', '--no-http', ...flags];

  describe('site:start storage', () => {
    it('refuses a storage that is a regular file (it used to start and serve nothing)', async () => {
      const line = await refused(() =>
        cli(['--database', paths.main, ...start('--name', 'primary', '--storage', paths.file)]),
      );
      expect(line).toBe(
        `--storage (GEO_STORAGE_DIR) is a regular file, not a directory: give the site's storage directory; got ${JSON.stringify(paths.file)}.`,
      );
    });

    it('refuses a storage under a regular file, given in the environment', async () => {
      const storage = join(paths.file, 'files');
      const line = await refused(() =>
        cli(['--database', paths.main, ...start('--name', 'secondary')], {
          GEO_STORAGE_DIR: storage,
        }),
      );
      expect(line).toMatch(
        /^--storage \(GEO_STORAGE_DIR\) lies under .*a-file, which is a regular file/,
      );
    });

    it("refuses a primary's missing storage rather than serve an empty site", async () => {
      const missing = join(root, 'no-storage');
      const line = await refused(() =>
        cli(['--database', paths.main, ...start('--name', 'primary', '--storage', missing)]),
      );
      expect(line).toBe(
        `--storage (GEO_STORAGE_DIR) does not exist, and site primary is the primary, which serves its files from there: fix the path or mount the volume; got ${JSON.stringify(missing)}.`,
      );
    });

    it('starts a secondary whose storage does not exist yet: its downloads create it', async () => {
      const result = await cli(
        ['--database', paths.main, ...start('--name', 'secondary', '--no-log-cursor')],
        { GEO_STORAGE_DIR: join(root, 'new-secondary'), GEO_TRACKING_DATABASE: paths.tracking },
      );
      expect(result.stderr).toBe('');
      expect(result.stdout.split('\n')[0]).toBe('running secondary without HTTP');
      expect(result.code).toBe(0);
    });
  });

  describe('site:start log level', () => {
    it('refuses a GEO_LOG_LEVEL that is not a level, naming the ones that are', async () => {
      const line = await refused(() =>
        cli(['--database', paths.main, ...start('--name', 'primary', '--storage', paths.storage)], {
          GEO_LOG_LEVEL: 'verbose',
        }),
      );
      expect(line).toBe(
        'GEO_LOG_LEVEL=verbose is not a log level. Set it to one of fatal, error, warn, info, debug, trace, silent (default info), or unset it.',
      );
    });
  });

  describe('site:start repository storages', () => {
    it('refuses a repository storage that is a regular file', async () => {
      const line = await refused(() =>
        cli([
          '--database',
          paths.main,
          ...start('--name', 'primary', '--storage', paths.storage),
          '--repository-storage',
          `default=${join(paths.storage, 'repositories')}`,
          '--repository-storage',
          `east=${paths.file}`,
        ]),
      );
      expect(line).toBe(
        `--repository-storage (GEO_REPOSITORY_STORAGES) east is a regular file, not a directory: give the directory of the storage's repositories; got ${JSON.stringify(paths.file)}.`,
      );
    });

    it('refuses a repository storage under a regular file, given in the environment', async () => {
      const line = await refused(() =>
        cli(['--database', paths.main, ...start('--name', 'secondary', '--storage', root)], {
          GEO_REPOSITORY_STORAGES: `west=${join(paths.file, 'repositories')}`,
        }),
      );
      expect(line).toMatch(
        /^--repository-storage \(GEO_REPOSITORY_STORAGES\) west lies under .*a-file, which is a regular file, not a directory: fix the path; got /,
      );
    });

    it('refuses bad syntax and a storage named twice, in one line each', async () => {
      const syntax = await refused(() =>
        cli(['--database', paths.main, ...start('--name', 'secondary', '--storage', root)], {
          GEO_REPOSITORY_STORAGES: `default=${root},${root}`,
        }),
      );
      expect(syntax).toBe(
        `--repository-storage (GEO_REPOSITORY_STORAGES) takes name=path (a storage name of letters, digits, _, . and -, and its directory), e.g. default=/var/geo/repositories; got ${JSON.stringify(root)}.`,
      );
      const twice = await refused(() =>
        cli([
          '--database',
          paths.main,
          ...start('--name', 'secondary', '--storage', root),
          '--repository-storage',
          `default=${root}`,
          '--repository-storage',
          `default=${paths.storage}`,
        ]),
      );
      expect(twice).toMatch(
        /^--repository-storage \(GEO_REPOSITORY_STORAGES\) names the storage "default" twice: give each storage one directory; got /,
      );
    });

    it("refuses a primary's missing repository storage rather than tell secondaries its repositories are gone", async () => {
      const missing = join(root, 'no-repositories');
      const line = await refused(() =>
        cli(['--database', paths.main, ...start('--name', 'primary', '--storage', paths.storage)], {
          GEO_REPOSITORY_STORAGES: `default=${missing}`,
        }),
      );
      expect(line).toBe(
        `--repository-storage (GEO_REPOSITORY_STORAGES) default does not exist, and site primary is the primary, which serves its repositories from there: fix the path or mount the volume; got ${JSON.stringify(missing)}.`,
      );
    });

    it('starts a secondary with repository storages that do not exist yet, and names them', async () => {
      const east = join(root, 'new-east');
      const result = await cli(
        [
          '--database',
          paths.main,
          ...start('--name', 'secondary', '--no-log-cursor', '--storage', paths.storage),
          '--repository-storage',
          `east=${east}`,
          '--repository-storage',
          `default=${paths.storage}`,
        ],
        { GEO_TRACKING_DATABASE: paths.tracking },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')[1]).toMatch(
        new RegExp(`; repositories east=${east}, default=${paths.storage}$`),
      );
    });
  });

  describe('database settings', () => {
    it.each([
      ['site:start', start('--name', 'primary', '--storage', '.')],
      ['db:migrate', ['db:migrate']],
      ['db:status', ['db:status']],
      ['node:add', ['node:add', '--name', 'x', '--url', 'http://x']],
      ['flag:list', ['flag:list']],
    ])(
      '%s refuses a PGlite directory that is a regular file (it said "[object Object]")',
      async (_command, argv) => {
        const line = await refused(() => cli(['--database', paths.file, ...argv]));
        expect(line).toBe(
          `--database (GEO_MAIN_DATABASE) is a regular file: give a directory for PGlite, or a postgres:// URL; got ${JSON.stringify(paths.file)}.`,
        );
      },
    );

    it.each([
      ['site:start', start('--name', 'primary', '--storage', '.')],
      ['db:status', ['db:status']],
      ['db:rollback', ['db:rollback']],
      ['node:add', ['node:add', '--name', 'x', '--url', 'http://x']],
      ['flag:enable', ['flag:enable', 'geo_package_file_replication']],
    ])(
      '%s refuses a PGlite directory that does not exist instead of creating an empty database',
      async (_command, argv) => {
        const missing = join(root, 'no-database');
        const line = await refused(() => cli(argv, { GEO_MAIN_DATABASE: missing }));
        expect(line).toBe(
          `GEO_MAIN_DATABASE names a PGlite directory that does not exist: run geo-runtime db:migrate to create the database, or fix the path; got ${JSON.stringify(missing)}.`,
        );
      },
    );

    it("refuses a secondary's tracking database that is a regular file", async () => {
      const line = await refused(() =>
        cli(
          ['--database', paths.main, ...start('--name', 'secondary', '--storage', paths.storage)],
          {
            GEO_TRACKING_DATABASE: paths.file,
          },
        ),
      );
      expect(line).toMatch(/^GEO_TRACKING_DATABASE is a regular file: /);
    });

    it('db:migrate refuses a directory holding other files, which PGlite would fill', async () => {
      const line = await refused(() => cli(['--database', root, 'db:migrate']));
      expect(line).toMatch(
        /^--database \(GEO_MAIN_DATABASE\) is a directory holding other files, not a PGlite database/,
      );
    });

    it.each([
      ['pg://localhost/geo', ['db:migrate'], {}],
      ['postgress://geo:secret@localhost/geo', start('--name', 'primary', '--storage', '.'), {}],
      ['postgresql:/localhost/geo', ['db:status', '--tracking'], {}],
    ])(
      'refuses the URL typo %s, naming the forms it takes (it created a directory named after the scheme)',
      async (url, argv) => {
        // A child process, in the root: a typo read as a relative path lands in the working directory.
        const tracking = argv.includes('--tracking');
        const line = await refused(() =>
          spawnGeoRuntime(tracking ? ['--database', url, ...argv] : argv, {
            cwd: root,
            env: tracking ? {} : { GEO_MAIN_DATABASE: url },
          }),
        );
        expect(line).toBe(
          `${tracking ? '--database (GEO_TRACKING_DATABASE)' : 'GEO_MAIN_DATABASE'} must be a postgres:// or postgresql:// URL, or a directory path for PGlite; got ${JSON.stringify(url.replace(':secret@', ':***@'))}.`,
        );
      },
    );

    it('refuses a --root that is not a directory', async () => {
      // The last --root wins over cli()'s own.
      const line = await refused(() => cli(['--root', paths.file, 'db:status']));
      expect(line).toMatch(/^--root \(GEO_ROOT\) must be the host application's directory/);
    });
  });

  describe('geo.config.json', () => {
    /** A root of its own holding only this geo.config.json. */
    async function hostWith(config: Record<string, unknown>): Promise<string> {
      const host = join(root, `host-${Object.keys(config).join('-')}`);
      await mkdir(host, { recursive: true });
      await writeFile(join(host, 'geo.config.json'), JSON.stringify(config, null, 2));
      return host;
    }

    it.each([
      ['site:start', start('--name', 'primary', '--storage', '.')],
      ['db:migrate', ['db:migrate']],
      ['flag:list', ['flag:list']],
    ])('%s refuses an unknown key, naming it and the file', async (_command, argv) => {
      const host = await hostWith({ replicatorClassesFile: 'app/replicator-classes.ts' });
      const line = await refused(() => cli(['--database', paths.main, '--root', host, ...argv]));
      expect(line).toBe(
        `${join(host, 'geo.config.json')}: "replicatorClassesFile" is not a known key: remove it or fix its spelling; the keys are $schema, runtimePackage, importExtension, outDir, layout, lists, uploaderExceptions.`,
      );
    });

    it('refuses a wrong type and a folder that does not exist', async () => {
      const typed = await hostWith({ layout: { featureFlagsDir: 7 } });
      expect(await refused(() => cli(['--root', typed, 'flag:list']))).toBe(
        `${join(typed, 'geo.config.json')}: "layout.featureFlagsDir" must be a string, not the number 7: fix the value.`,
      );
      const missing = await hostWith({ layout: { trackingMigrationsDir: 'migrations/tracking' } });
      expect(
        await refused(() =>
          cli(['--root', missing, '--database', paths.tracking, 'db:status', '--tracking']),
        ),
      ).toBe(
        `${join(missing, 'geo.config.json')}: "layout.trackingMigrationsDir" names "migrations/tracking", which does not exist in ${missing}: create the folder or fix the path (relative to the application's root).`,
      );
    });
  });

  describe('site:start HTTP address', () => {
    let holder: Server | undefined;
    afterAll(async () => {
      await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
    });

    it('refuses a port in use before anything starts, naming --port', async () => {
      holder = createServer();
      const port = await new Promise<number>((resolve) =>
        holder!.listen(0, '127.0.0.1', () => {
          const address = holder!.address();
          resolve(typeof address === 'object' && address ? address.port : 0);
        }),
      );
      const line = await refused(() =>
        cli([
          '--database',
          paths.main,
          'site:start',
          '--name',
          'primary',
          '--storage',
          paths.storage,
          '--port',
          String(port),
        ]),
      );
      expect(line).toBe(
        `--port (GEO_HTTP_PORT) ${port} is in use on 127.0.0.1: pick another port, or 0 for any free one.`,
      );
    });

    it.each([
      [
        '192.0.2.1',
        /^--host \(GEO_HTTP_HOST\) is not an address of this machine: .*; got "192\.0\.2\.1"\.$/,
      ],
      ['no-such-host.invalid', /^--host \(GEO_HTTP_HOST\) is not a known host name or address: /],
    ])('refuses the host %s, naming --host', async (host, message) => {
      const line = await refused(() =>
        cli([
          '--database',
          paths.main,
          'site:start',
          '--name',
          'primary',
          '--storage',
          paths.storage,
          '--host',
          host,
        ]),
      );
      expect(line).toMatch(message);
    });
  });

  describe('a PGlite directory another process holds', () => {
    let site: ChildSite | undefined;
    afterAll(async () => {
      await site?.stop();
    });

    it('refuses a second process while a site runs on it, and opens it once that one is killed', async () => {
      site = ChildSite.spawn(
        'holder',
        ['--name', 'primary', '--storage', paths.storage, '--no-http'],
        {
          GEO_MAIN_DATABASE: paths.main,
        },
      );
      await site.ready(60_000);
      const line = await refused(() => cli(['--database', paths.main, 'db:status']));
      expect(line).toBe(
        `The PGlite database in ${paths.main} is in use by process ${site.pid}: PGlite allows one process per directory, so stop that one first (or use PostgreSQL to run several processes). If no such process runs, delete ${join(paths.main, 'geo-runtime.lock')}.`,
      );

      // Killed, it leaves its lock: the lock of a dead process is taken over.
      site.signal('SIGKILL');
      await site.exited;
      const status = await cli(['--database', paths.main, 'db:status']);
      expect(status.stderr).toBe('');
      expect(status.code).toBe(0);
    }, 120_000);
  });

  it('prints the stack trace with --debug only', async () => {
    const result = await cli(['--debug', '--database', paths.file, 'db:status']);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^geo-runtime: --database \(GEO_MAIN_DATABASE\) is a regular file/);
    expect(lines.slice(1).some((line) => line.trimStart().startsWith('at '))).toBe(true);
  });
});
