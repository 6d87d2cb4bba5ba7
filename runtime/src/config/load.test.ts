import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { DEFAULT_LAYOUT, defaultLists } from './defaults.ts';
import { GeoConfigError } from './errors.ts';
import { DEFAULT_GEO_CONFIG } from './geo-config.ts';
import { loadGeoConfig } from './load.ts';

describe('loadGeoConfig', () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  });

  /** A host root with these folders and files, and geo.config.json holding `config` (as JSON). */
  async function host(config: unknown, paths: readonly string[] = []): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'geo-config-'));
    roots.push(root);
    for (const path of paths) {
      if (path.endsWith('/')) await mkdir(join(root, path), { recursive: true });
      else {
        await mkdir(join(root, path, '..'), { recursive: true });
        await writeFile(join(root, path), '');
      }
    }
    if (config !== undefined) {
      await writeFile(
        join(root, 'geo.config.json'),
        typeof config === 'string' ? config : JSON.stringify(config, null, 2),
      );
    }
    return root;
  }

  async function refusal(root: string): Promise<GeoConfigError> {
    const error: unknown = await loadGeoConfig(root).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof GeoConfigError)) throw new Error(`expected a GeoConfigError: ${error}`);
    expect(error.file).toBe(join(root, 'geo.config.json'));
    expect(error.message.startsWith(`${join(root, 'geo.config.json')}: `)).toBe(true);
    return error;
  }

  it('fills in the defaults, the lists following the app folder', async () => {
    expect(await loadGeoConfig(await host({}))).toEqual({
      runtimePackage: 'geo-runtime',
      importExtension: '.ts',
      outDir: undefined,
      layout: {
        appDir: 'app',
        featureFlagsDir: 'config/feature_flags/development',
        mainMigrationsDir: 'db/migrate',
        trackingMigrationsDir: 'db/geo/migrate',
        dataTypesDoc: 'docs/data-types.md',
      },
      lists: {
        replicatorClasses: { file: 'app/replicator-classes.ts', symbol: 'REPLICATOR_CLASSES' },
        statusSpecTable: { file: 'app/geo-node-status.test.ts', symbol: 'REPLICABLE_STATUS_ROWS' },
        registryFields: {
          file: 'app/graphql/geo-node-registry-fields.ts',
          symbol: 'GEO_NODE_REGISTRY_FIELDS',
        },
        statusApiDoc: 'docs/api/geo-nodes.md',
        metricsDoc: 'docs/monitoring/metrics.md',
      },
      uploaderExceptions: [],
    });
    const appDir = await host({ layout: { appDir: 'src/geo/' } });
    expect((await loadGeoConfig(appDir)).lists.replicatorClasses.file).toBe(
      'src/geo/replicator-classes.ts',
    );
  });

  it('gives the defaults without a geo.config.json', async () => {
    expect(await loadGeoConfig(await host(undefined))).toBe(DEFAULT_GEO_CONFIG);
  });

  it('reads the runtime host', async () => {
    const config = await loadGeoConfig(RUNTIME_ROOT);
    expect(config.layout).toEqual(DEFAULT_LAYOUT);
    expect(config.lists).toEqual(defaultLists());
  });

  it('reads a full configuration', async () => {
    const root = await host(
      {
        $schema: './geo.config.schema.json',
        runtimePackage: '@acme/geo',
        importExtension: '.js',
        outDir: 'build',
        layout: {
          appDir: 'src/geo',
          featureFlagsDir: 'flags',
          mainMigrationsDir: 'migrations/main',
          trackingMigrationsDir: 'migrations/tracking',
          dataTypesDoc: 'doc/types.md',
        },
        lists: {
          replicatorClasses: { file: 'src/geo/classes.ts', symbol: 'CLASSES' },
          statusSpecTable: { file: 'src/geo/status.test.ts', symbol: 'ROWS' },
          registryFields: { file: 'src/geo/fields.ts', symbol: 'FIELDS' },
          statusApiDoc: 'doc/api.md',
          metricsDoc: 'doc/metrics.md',
        },
        uploaderExceptions: [{ uploader: 'AvatarUploader', reason: 're-rendered on each site' }],
      },
      [
        'flags/',
        'migrations/main/',
        'migrations/tracking/',
        'doc/types.md',
        'doc/api.md',
        'doc/metrics.md',
        'src/geo/classes.ts',
        'src/geo/status.test.ts',
        'src/geo/fields.ts',
      ],
    );
    const config = await loadGeoConfig(root);
    expect(config).toMatchObject({
      runtimePackage: '@acme/geo',
      importExtension: '.js',
      outDir: 'build',
      layout: { appDir: 'src/geo', mainMigrationsDir: 'migrations/main' },
      lists: { registryFields: { file: 'src/geo/fields.ts', symbol: 'FIELDS' } },
      uploaderExceptions: [{ uploader: 'AvatarUploader', reason: 're-rendered on each site' }],
    });
  });

  it.each([
    [
      'an unknown key',
      { runtimePackage: 'geo-runtime', replicatorClassesFile: 'app/replicator-classes.ts' },
      '"replicatorClassesFile" is not a known key: remove it or fix its spelling; the keys are $schema, runtimePackage, importExtension, outDir, layout, lists, uploaderExceptions.',
    ],
    [
      'an unknown nested key',
      { layout: { appdir: 'src' } },
      '"layout.appdir" is not a known key: remove it or fix its spelling; the keys of "layout" are appDir, featureFlagsDir, mainMigrationsDir, trackingMigrationsDir, dataTypesDoc.',
    ],
    [
      'a wrong type',
      { runtimePackage: 42 },
      '"runtimePackage" must be a string, not the number 42: fix the value.',
    ],
    [
      'an empty string',
      { runtimePackage: ' ' },
      '"runtimePackage" must be a non-empty string: give a value, or remove the key for the default.',
    ],
    [
      'an import extension it does not know',
      { importExtension: '.mjs' },
      '"importExtension" must be ".ts" or ".js", not ".mjs": fix the value.',
    ],
    [
      'a list without its symbol',
      { lists: { registryFields: { file: 'app/fields.ts' } } },
      '"lists.registryFields.symbol" is missing: add it (a string).',
    ],
    [
      'an exception without a reason',
      { uploaderExceptions: [{ uploader: 'AvatarUploader' }] },
      '"uploaderExceptions[0].reason" is missing: add it (a string).',
    ],
    [
      'a path outside the root',
      { outDir: '../build' },
      `"outDir" must be a path relative to the application's root, inside it: fix the value.`,
    ],
    [
      'something else than an object',
      '[]',
      'is not a JSON object (it holds a list): write an object like { "runtimePackage": "geo-runtime" }.',
    ],
  ])('refuses %s, naming the key and the file', async (_what, config, message) => {
    const root = await host(config);
    expect((await refusal(root)).message).toBe(`${join(root, 'geo.config.json')}: ${message}`);
  });

  it('refuses JSON it cannot parse', async () => {
    const error = await refusal(await host('{ "runtimePackage": '));
    expect(error.message).toMatch(/: is not valid JSON \(.*\): fix the syntax/);
  });

  it('says how many more problems there are', async () => {
    const error = await refusal(await host({ runtimePackage: 1, outDir: 2 }));
    expect(error.message).toMatch(/\(1 more problem after this one\)\.$/);
  });

  it('refuses a path it sets that does not exist, or is not what it must be', async () => {
    const missing = await host({ layout: { mainMigrationsDir: 'migrations/main' } });
    const error = await refusal(missing);
    expect(error.key).toBe('layout.mainMigrationsDir');
    expect(error.message).toBe(
      `${join(missing, 'geo.config.json')}: "layout.mainMigrationsDir" names "migrations/main", which does not exist in ${missing}: create the folder or fix the path (relative to the application's root).`,
    );

    const file = await host({ lists: { metricsDoc: 'docs' } }, ['docs/']);
    expect((await refusal(file)).message).toContain(
      '"lists.metricsDoc" names "docs", which is a folder, not a file: give the path of a file.',
    );

    const list = await host({
      lists: { replicatorClasses: { file: 'src/classes.ts', symbol: 'CLASSES' } },
    });
    expect((await refusal(list)).key).toBe('lists.replicatorClasses.file');
  });

  it('accepts an app folder and an outDir that do not exist yet', async () => {
    const root = await host({ outDir: 'dist', layout: { appDir: 'src/geo' } });
    expect((await loadGeoConfig(root)).layout.appDir).toBe('src/geo');
  });
});
