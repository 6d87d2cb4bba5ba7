import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// The global set-up's provided values (postgresUnavailable), declared where it provides them.
import type {} from '../../runtime/src/testing/global-setup.ts';
import { adminQuery } from '../../runtime/src/testing/postgres-templates.ts';
import { postgresUrlFor } from '../../runtime/src/testing/services.ts';
import { ChildSite } from '../../runtime/test/support/child-site.ts';
import { runCommand, transcriptOf, type Ran } from '../support/run-command.ts';
import { REPO_ROOT } from '../support/runtime-copy.ts';

const WAIT_MS = 120_000;

/**
 * The application's own code that creates a Widget on the primary, as a controller would: its
 * compiled model, geo-runtime's database and site, the storage directory as its argument.
 */
const CREATE_WIDGET = `import { GeoSite, databaseConfigFrom, loadFeatureFlagDefinitions, openDatabase } from 'geo-runtime';
import type { MainDatabase } from 'geo-runtime';
import { Widget } from '../app/models/widget.js';

const [storageRoot] = process.argv.slice(2);
if (storageRoot === undefined) throw new Error('usage: create-widget <storage directory>');
const main = await openDatabase<MainDatabase>(databaseConfigFrom(process.env['GEO_MAIN_DATABASE']));
try {
  const site = await GeoSite.load({
    name: 'primary',
    mainDb: main.db,
    storageRoot,
    featureFlagDefinitions: await loadFeatureFlagDefinitions('config/feature_flags/development'),
  });
  const namespace = await main.db
    .insertInto('namespaces')
    .values({ name: 'Widgets', path: 'widgets' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const widget = await Widget.create(
    site,
    { namespace_id: namespace.id, file_name: 'widget.bin' },
    { name: 'widget.bin', content: Buffer.from('a widget, replicated') },
  );
  console.log(JSON.stringify({ id: widget.id }));
} finally {
  await main.close();
}
`;
const ADMIN_TOKEN = 'adoption-admin-token';

/** The versions this repository is tested with, which npm has in its cache after `npm ci`. */
async function lockedVersion(name: string): Promise<string> {
  const lock = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return `${name}@${version}`;
}

/** A TCP port nobody listens on now, for a site whose URL must be known before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function expectSuccess(what: string, ran: Ran): void {
  expect(ran.code, transcriptOf(what, ran)).toBe(0);
}

/**
 * What a team adopting Geo does, from the packed packages: a new TypeScript application (npm init,
 * `tsc --init`: NodeNext, no TypeScript loader anywhere), the two tarballs installed, `geo-gen
 * init`, a namespace-owned Widget, plain `tsc`, the generated specs on PGlite, then two sites run
 * by the installed `geo-runtime` (the primary's main database on PostgreSQL, which the secondary
 * reads, and the secondary's tracking database embedded) and a Widget file replicated and verified.
 */
describe('adopting Geo in a new TypeScript application, from the packed packages', () => {
  let dir = '';
  let app = '';
  const sites: ChildSite[] = [];
  const databases: string[] = [];

  const inApp = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runCommand(command, args, app, env);
  const appBin = (name: string) => join(app, 'node_modules', '.bin', name);
  // The installed launchers, run by plain Node: no tsx, no --conditions.
  const geoGen = (...args: string[]) => inApp(process.execPath, [appBin('geo-gen'), ...args]);
  const geoRuntime = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    inApp(process.execPath, [appBin('geo-runtime'), ...args], env);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geo-adoption-'));
    const packs = join(dir, 'packs');
    await mkdir(packs);
    // `npm pack` builds each package first (its prepack script).
    for (const workspace of [[], ['--workspace', 'geo-runtime']]) {
      const packed = await runCommand(
        'npm',
        ['pack', '--silent', '--pack-destination', packs, ...workspace],
        REPO_ROOT,
      );
      expectSuccess('npm pack', packed);
    }
    app = join(dir, 'widgets-app');
    await mkdir(app);
    await writeFile(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'widgets-app', version: '1.0.0', private: true }, null, 2)}\n`,
    );
    const installed = await inApp('npm', [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(packs, 'geo-gen-0.1.0.tgz'),
      join(packs, 'geo-runtime-0.1.0.tgz'),
      await lockedVersion('typescript'),
      await lockedVersion('vitest'),
      await lockedVersion('@types/node'),
    ]);
    expectSuccess('npm install', installed);
    // The configuration `tsc --init` writes (NodeNext, strict, exactOptionalPropertyTypes, …),
    // building into dist/.
    expectSuccess('tsc --init', await inApp(appBin('tsc'), ['--init', '--outDir', 'dist']));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(sites.map((site) => site.stop()));
    for (const name of databases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('packs what users run, and neither tests nor the in-repository host', async () => {
    const listing = async (tarball: string) => {
      const tar = await runCommand('tar', ['-tzf', join(dir, 'packs', tarball)], dir);
      expectSuccess('tar', tar);
      return tar.stdout.split('\n').filter((line) => line !== '');
    };
    const runtime = await listing('geo-runtime-0.1.0.tgz');
    expect(runtime).toEqual(
      expect.arrayContaining([
        'package/bin/geo-runtime',
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/dist/testing/global-setup.js',
        'package/dist/config/index.d.ts',
        'package/dist/db/schema/main/20260101000200_create_geo_event_log.js',
        'package/dist/db/schema/tracking/20260101000000_create_event_log_states.js',
      ]),
    );
    const generator = await listing('geo-gen-0.1.0.tgz');
    expect(generator).toEqual(
      expect.arrayContaining([
        'package/bin/geo-gen.cjs',
        'package/dist/main.js',
        'package/templates/init/vitest.config.ts.ejs',
        'package/templates/replicable/blob/model/app/models/__fileName__.ts.ejs',
      ]),
    );
    // Templates are data (a data type's specs among them); everything else is the build.
    const outsideTheBuild = [...runtime, ...generator].filter(
      (path) =>
        !path.startsWith('package/templates/') &&
        (/\.test\.|\/demo\/|^package\/(src|test|app|db|config|scripts|fixtures|runtime|\.ci)\//.test(
          path,
        ) ||
          (path.endsWith('.ts') && !path.endsWith('.d.ts'))),
    );
    expect(outsideTheBuild).toEqual([]);
  });

  it('installs launchers that run as plain JavaScript', async () => {
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    const version = await geoGen('--version');
    expectSuccess('geo-gen --version', version);
    expect(version.stdout.trim()).toBe('0.1.0');
    expectSuccess('geo-runtime --help', await geoRuntime({}, '--help'));
  });

  it('sets Geo up with geo-gen init and generates a namespace-owned Widget', async () => {
    expectSuccess('geo-gen init', await geoGen('init'));
    const config = JSON.parse(await readFile(join(app, 'geo.config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({ importExtension: '.js', outDir: 'dist' });
    const widget = await geoGen(
      'replicable',
      'Widget',
      '--strategy',
      'blob',
      '--owner',
      'namespace',
      '--yes',
    );
    expectSuccess('geo-gen replicable Widget', widget);
    const model = await readFile(join(app, 'app', 'models', 'widget.ts'), 'utf8');
    // Formatted with the application's prettier settings (none here: prettier's defaults).
    expect(model).toMatch(/from ["']\.\.\/replicators\/widget-replicator\.js["']/);
    expect(model).toContain('namespace_id');
  }, 120_000);

  it('type-checks and builds with plain tsc, its own code using the generated model', async () => {
    await mkdir(join(app, 'scripts'));
    await writeFile(join(app, 'scripts', 'create-widget.ts'), CREATE_WIDGET);
    const tsc = await inApp(appBin('tsc'), ['-p', 'tsconfig.json']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expectSuccess('tsc', tsc);
    expect(existsSync(join(app, 'dist', 'app', 'replicator-classes.js'))).toBe(true);
  }, 300_000);

  it('passes its generated specs on PGlite', async () => {
    const reportFile = join(dir, 'vitest-report.json');
    const vitest = await inApp(
      process.execPath,
      [
        join(app, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
      ],
      { GEO_TEST_ENGINES: 'pglite', GEO_REQUIRE_SERVICES: '' },
    );
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numFailedTestSuites: number;
    };
    expect(report.numFailedTests, transcriptOf('vitest', vitest)).toBe(0);
    expect(report.numFailedTestSuites, transcriptOf('vitest', vitest)).toBe(0);
    expect(report.numPassedTests).toBeGreaterThan(50);
    expectSuccess('vitest', vitest);
  }, 600_000);

  describe.skipIf(inject('postgresUnavailable') !== null)('two sites', () => {
    it('replicates and verifies a Widget file from the primary to the secondary', async () => {
      const run = randomBytes(4).toString('hex');
      const mainDatabase = `geo_adoption_main_${process.pid}_${run}`;
      await adminQuery(`CREATE DATABASE ${mainDatabase}`);
      databases.push(mainDatabase);
      const main = { GEO_MAIN_DATABASE: postgresUrlFor(mainDatabase) };
      const tracking = { GEO_TRACKING_DATABASE: join(dir, 'secondary-tracking') };
      const storage = { primary: join(dir, 'primary-storage'), secondary: join(dir, 'copies') };
      await mkdir(storage.primary);

      // Each site's databases get the framework's schema and the application's in one history.
      const migrated = await geoRuntime(main, 'db:migrate');
      expectSuccess('db:migrate', migrated);
      expectSuccess(
        'db:migrate --tracking',
        await geoRuntime(tracking, 'db:migrate', '--tracking'),
      );
      const status = await geoRuntime(main, 'db:status');
      expect(status.stdout).toMatch(/create_geo_event_log/);
      expect(status.stdout).toMatch(/create_widgets/);

      const primaryPort = await freePort();
      const primaryUrl = `http://127.0.0.1:${primaryPort}`;
      for (const args of [
        ['--name', 'primary', '--url', primaryUrl, '--primary'],
        ['--name', 'secondary', '--url', 'http://127.0.0.1:1'],
      ]) {
        expectSuccess('node:add', await geoRuntime(main, 'node:add', ...args));
      }
      const enabled = await geoRuntime(main, 'flag:enable', 'geo_widget_replication');
      expectSuccess('flag:enable', enabled);
      expect(enabled.stdout).toContain('geo_widget_replication: enabled');

      const launch = { bin: appBin('geo-runtime'), nodeArgs: [], root: app };
      const common = ['--admin-token', ADMIN_TOKEN, '--interval-ms', '300'];
      const primary = ChildSite.spawn(
        'primary',
        [
          ...['--name', 'primary', '--storage', storage.primary],
          ...['--port', String(primaryPort), ...common],
        ],
        main,
        launch,
      );
      sites.push(primary);
      await primary.ready(WAIT_MS);
      const secondary = ChildSite.spawn(
        'secondary',
        [...['--name', 'secondary', '--storage', storage.secondary, '--port', '0'], ...common],
        { ...main, ...tracking },
        launch,
      );
      sites.push(secondary);
      const secondaryUrl = (await secondary.ready(WAIT_MS)).replace(/^listening /, '');

      // The application creates a Widget as its own code would: the compiled model, on the
      // primary's database and storage.
      const created = await inApp(
        process.execPath,
        [join(app, 'dist', 'scripts', 'create-widget.js'), storage.primary],
        main,
      );
      expectSuccess('create-widget', created);
      const widget = JSON.parse(created.stdout) as { id: number };

      const deadline = Date.now() + WAIT_MS;
      let registry: { state: string; verificationState: string } | undefined;
      for (;;) {
        const response = await fetch(`${secondaryUrl}/api/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
          body: JSON.stringify({
            query:
              '{ geoNode { widgetRegistries { nodes { widgetId state verificationState verificationChecksum } } } }',
          }),
        });
        const body = (await response.json()) as {
          data?: {
            geoNode: {
              widgetRegistries: {
                nodes: {
                  widgetId: string;
                  state: string;
                  verificationState: string;
                  verificationChecksum: string | null;
                }[];
              };
            };
          };
        };
        registry = body.data?.geoNode.widgetRegistries.nodes.find(
          (node) => Number(node.widgetId) === widget.id,
        );
        if (registry?.state === 'SYNCED' && registry.verificationState === 'SUCCEEDED') break;
        if (Date.now() > deadline) {
          throw new Error(
            `Widget ${widget.id} not synced and verified: ${JSON.stringify(registry)}\n` +
              `${primary.transcript()}\n${secondary.transcript()}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(registry).toMatchObject({ state: 'SYNCED', verificationState: 'SUCCEEDED' });
    }, 600_000);
  });
});
