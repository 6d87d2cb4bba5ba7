import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot, tempDir } from '../support/host.ts';
import { newApp } from '../support/new-app.ts';
import { runMain } from '../support/run-main.ts';

const read = (app: string, path: string) => readFile(join(app, path), 'utf8');

/** Everything init writes into a new application, as it prints it. */
const INIT_CHANGES = [
  'CREATE app/geo-node-status.test.ts',
  'CREATE app/graphql/geo-node-registry-fields.ts',
  'CREATE app/replicator-classes.ts',
  'CREATE config/feature_flags/development/.gitkeep',
  'CREATE db/geo/migrate/.gitkeep',
  'CREATE db/migrate/.gitkeep',
  'CREATE docs/api/geo-nodes.md',
  'CREATE docs/data-types.md',
  'CREATE docs/monitoring/metrics.md',
  'CREATE geo.config.json',
  'UPDATE package.json',
  'CREATE vitest.config.ts',
];

describe('geo-gen init', () => {
  it('sets Geo up in a new application and says what to do next', async () => {
    const app = await newApp();
    const { code, stdout, stderr } = await runMain(['init'], { cwd: app });
    expect(code).toBe(0);
    expect(stdout).toBe(INIT_CHANGES.map((line) => `${line}\n`).join(''));

    expect(JSON.parse(await read(app, 'geo.config.json'))).toEqual({
      runtimePackage: 'geo-runtime',
      importExtension: '.js',
      outDir: 'dist',
    });
    expect(JSON.parse(await read(app, 'package.json'))).toMatchObject({ type: 'module' });
    expect(await read(app, 'app/replicator-classes.ts')).toContain(
      'export const REPLICATOR_CLASSES: readonly ReplicatorClass[] = [];',
    );
    expect(await read(app, 'app/graphql/geo-node-registry-fields.ts')).toContain(
      'export const GEO_NODE_REGISTRY_FIELDS: readonly GeoNodeRegistryField[] = [];',
    );
    expect(await read(app, 'app/geo-node-status.test.ts')).toContain(
      'itReportsReplicableStatus(REPLICABLE_STATUS_ROWS, geo);',
    );
    const vitestConfig = await read(app, 'vitest.config.ts');
    expect(vitestConfig).toContain('globalSetup: ["geo-runtime/testing/global-setup"]');
    expect(vitestConfig).toContain('include: ["app/**/*.test.ts"]');
    expect(await read(app, 'docs/data-types.md')).toContain(
      '| Data type | Replicable | Strategy | Feature flag | Replication | Verification |\n',
    );

    expect(stderr).toContain(`wrote 12 files in ${app}\n`);
    expect(stderr).toContain(
      'note: package.json: "type" is now "module" (it was "commonjs"): geo-runtime and the generated code are ES modules\n',
    );
    expect(stderr).toMatch(
      /install what Geo needs: +npm install geo-runtime && npm install --save-dev vitest\n/,
    );
    expect(stderr).toMatch(/add a data type: +npx geo-gen replicable <Name> --strategy blob\n/);
    expect(stderr).toMatch(/build it \(geo-runtime loads dist\/\): +npx tsc\n/);
  });

  it('changes nothing the second time, and says so', async () => {
    const app = await newApp();
    expect((await runMain(['init'], { cwd: app })).code).toBe(0);
    const before = await snapshot(app);
    const second = await runMain(['init', '--root', app], { cwd: await tempDir() });
    expect(second).toEqual({
      code: 0,
      stdout: '',
      stderr: `nothing to change in ${app}\nGeo is already set up in ${app}: nothing to change.\n`,
    });
    expect(await snapshot(app)).toEqual(before);
  });

  it('writes nothing with --dry-run, and shows the plan and the diff of package.json', async () => {
    const app = await newApp();
    const before = await snapshot(app);
    const { code, stdout, stderr } = await runMain(['init', '--dry-run'], { cwd: app });
    expect(code).toBe(0);
    expect(stdout.startsWith(INIT_CHANGES.map((line) => `${line}\n`).join(''))).toBe(true);
    expect(stdout).toContain('-  "type": "commonjs"\n+  "type": "module"\n');
    expect(stderr).toContain(`dry run: 12 files planned in ${app}, nothing written\n`);
    expect(stderr).toContain('note: package.json: "type" would be "module" (it was "commonjs")');
    expect(stderr).not.toContain('Next steps');
    expect(await snapshot(app)).toEqual(before);
  });

  it('prints one JSON object with --json, naming the files of the application it kept', async () => {
    const app = await newApp({ 'vitest.config.ts': 'export default {};\n' });
    const { code, stdout, stderr } = await runMain(['init', '--json'], { cwd: app });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      created: INIT_CHANGES.filter(
        (line) => line.startsWith('CREATE') && !line.endsWith('vitest.config.ts'),
      ).map((line) => line.slice('CREATE '.length)),
      updated: ['package.json'],
      kept: ['vitest.config.ts'],
      note: 'kept a file of the application that init would have written: vitest.config.ts',
    });
    expect(stderr).not.toContain('Next steps');
  });

  it("leaves the application's own vitest config alone and says what it needs", async () => {
    const own =
      "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({});\n";
    const app = await newApp({ 'vitest.config.mts': own });
    const { code, stdout, stderr } = await runMain(['init'], { cwd: app });
    expect(code).toBe(0);
    expect(stdout).not.toContain('vitest.config');
    expect(await read(app, 'vitest.config.mts')).toBe(own);
    expect(stderr).toContain(
      "warning: vitest.config.mts is yours and left as it is, but its test options need globalSetup: ['geo-runtime/testing/global-setup']",
    );
    expect(stderr).toContain(
      'note: kept a file of the application that init would have written: vitest.config.mts\n',
    );
  });

  it('adds only what a partly set-up application lacks, and keeps its files', async () => {
    const app = await newApp();
    await writeFile(join(app, 'package.json'), '{ "name": "my-app", "type": "module" }\n');
    await writeFile(
      join(app, 'geo.config.json'),
      '{ "runtimePackage": "geo-runtime", "importExtension": ".js" }\n',
    );
    await mkdir(join(app, 'app'));
    const classes =
      "import type { ReplicatorClass } from 'geo-runtime';\n\nexport const REPLICATOR_CLASSES: ReplicatorClass[] = [];\n";
    await writeFile(join(app, 'app', 'replicator-classes.ts'), classes);
    await mkdir(join(app, 'db', 'migrate'), { recursive: true });
    await writeFile(join(app, 'db', 'migrate', '20260101000000_create_users.ts'), 'export {};\n');

    const { code, stdout, stderr } = await runMain(['init'], { cwd: app });
    expect(code).toBe(0);
    expect(stdout).toBe(
      INIT_CHANGES.filter(
        (line) =>
          !/ (geo\.config\.json|package\.json|app\/replicator-classes\.ts|db\/migrate\/\.gitkeep)$/.test(
            line,
          ),
      )
        .map((line) => `${line}\n`)
        .join(''),
    );
    expect(await read(app, 'app/replicator-classes.ts')).toBe(classes);
    expect(stderr).toContain(
      'note: kept a file of the application that init would have written: app/replicator-classes.ts\n',
    );
    expect(stderr).not.toContain('warning:');
  });

  it("warns when the application's own list file has no list for geo-gen to patch", async () => {
    const app = await newApp();
    await mkdir(join(app, 'app'));
    await writeFile(join(app, 'app', 'replicator-classes.ts'), 'export const OTHER = 1;\n');
    const { code, stderr } = await runMain(['init'], { cwd: app });
    expect(code).toBe(0);
    expect(stderr).toContain(
      'warning: app/replicator-classes.ts is yours and left as it is, but geo-gen adds entries to its REPLICATOR_CLASSES array, which it does not declare\n',
    );
  });

  it('writes .ts imports for an application that imports TypeScript files, through extends', async () => {
    const app = await newApp({
      'tsconfig.base.json':
        '{ "compilerOptions": { "allowImportingTsExtensions": true, "noEmit": true } }\n',
    });
    await writeFile(
      join(app, 'tsconfig.json'),
      '{ "extends": "./tsconfig.base.json", "compilerOptions": { "module": "nodenext" } }\n',
    );
    expect((await runMain(['init'], { cwd: app })).code).toBe(0);
    expect(JSON.parse(await read(app, 'geo.config.json'))).toEqual({
      runtimePackage: 'geo-runtime',
      importExtension: '.ts',
    });
  });

  it('warns when tsc would emit the application away from <outDir>/<path>.js', async () => {
    const app = await newApp();
    await writeFile(
      join(app, 'tsconfig.json'),
      '{ "compilerOptions": { "module": "nodenext", "outDir": "build", "rootDir": "src" } }\n',
    );
    const { code, stderr } = await runMain(['init'], { cwd: app });
    expect(code).toBe(0);
    expect(stderr).toContain(
      'warning: tsconfig.json sets "rootDir" to src, not the application\'s root',
    );
    expect(JSON.parse(await read(app, 'geo.config.json'))).toMatchObject({ outDir: 'build' });
  });

  it('warns when tsconfig.json leaves the Geo code out of the compilation', async () => {
    const app = await newApp();
    const config = (include: string[]) =>
      JSON.stringify({ compilerOptions: { module: 'nodenext' }, include });
    await writeFile(join(app, 'tsconfig.json'), config(['src']));
    const { code, stderr } = await runMain(['init', '--dry-run'], { cwd: app });
    expect(code).toBe(0);
    expect(stderr).toContain(
      'warning: tsconfig.json\'s "include" leaves out app/, where geo-gen writes the application\'s Geo code: add "app" to it',
    );
    for (const covering of [['src', 'app'], ['./app/**/*'], ['**/*.ts'], ['.']]) {
      await writeFile(join(app, 'tsconfig.json'), config(covering));
      const run = await runMain(['init', '--dry-run'], { cwd: app });
      expect(run.stderr, covering.join()).not.toContain('warning');
    }
  });

  it('refuses a folder that is not a TypeScript application, writing nothing', async () => {
    const empty = await tempDir();
    const noPackage = await runMain(['init'], { cwd: empty });
    expect(noPackage.code).toBe(1);
    expect(noPackage.stderr).toContain(
      `${empty} has no package.json: geo-gen init sets Geo up in an existing TypeScript application`,
    );

    const app = await newApp();
    await rm(join(app, 'tsconfig.json'));
    const before = await snapshot(app);
    const noTsconfig = await runMain(['init', '--json'], { cwd: app });
    expect(noTsconfig.code).toBe(1);
    expect(JSON.parse(noTsconfig.stdout)).toEqual({
      ok: false,
      error: {
        code: 'not-an-application',
        message: expect.stringContaining('npx tsc --init'),
        exitCode: 1,
      },
    });
    expect(await snapshot(app)).toEqual(before);

    await writeFile(
      join(app, 'tsconfig.json'),
      '{ "compilerOptions": { "module": "commonjs" } }\n',
    );
    const commonJs = await runMain(['init'], { cwd: app });
    expect(commonJs.code).toBe(1);
    expect(commonJs.stderr).toContain('set "module": "nodenext"');
    expect(await snapshot(app)).toEqual({ ...before, 'tsconfig.json': expect.any(String) });
  });
});
