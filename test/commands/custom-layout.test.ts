import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES } from '../support/runtime-copy.ts';

/** Where the pinned host's folders move to, and the layout that says so. */
const MOVES = [
  ['app', 'src/geo'],
  ['db/migrate', 'migrations/main'],
  ['db/geo/migrate', 'migrations/tracking'],
  ['config/feature_flags/development', 'flags'],
] as const;
const LAYOUT = {
  appDir: 'src/geo',
  mainMigrationsDir: 'migrations/main',
  trackingMigrationsDir: 'migrations/tracking',
  featureFlagsDir: 'flags',
};
const SEAMS = { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES };

/** A copy of the pinned host with its folders moved and geo.config.json saying where. */
async function movedHost(config: Record<string, unknown> = {}): Promise<string> {
  const host = await hostCopy();
  for (const [from, to] of MOVES) {
    await mkdir(dirname(join(host, to)), { recursive: true });
    await rename(join(host, from), join(host, to));
  }
  await writeFile(
    join(host, 'geo.config.json'),
    JSON.stringify({ runtimePackage: 'geo-runtime', layout: LAYOUT, ...config }, null, 2),
  );
  return host;
}

async function check(host: string) {
  const result = await runMain(['check', '--json'], { cwd: host });
  return { ...result, json: JSON.parse(result.stdout) as { findings: unknown[] } };
}

/** The paths `replicable --json` reports created and modified. */
async function replicable(host: string, ...args: string[]) {
  const result = await runMain(['replicable', ...args, '--yes', '--json'], {
    cwd: host,
    seams: SEAMS,
  });
  expect(result.stderr).not.toContain('error');
  expect(result.code).toBe(0);
  return result;
}

describe('a host with a layout of its own', () => {
  it('gets every file in its folders, and passes check before and after', async () => {
    const host = await movedHost();
    expect((await check(host)).json.findings).toEqual([]);

    const before = Object.keys(await listing(host));
    await replicable(host, 'CoolWidget', '--strategy', 'blob');
    const added = Object.keys(await listing(host)).filter((path) => !before.includes(path));
    const files = added.filter((path) => !path.endsWith('/'));
    expect(files.length).toBeGreaterThan(10);
    for (const path of files) {
      expect(path).toMatch(/^(src\/geo|migrations\/main|migrations\/tracking|flags)\//);
    }
    expect(files).toEqual(
      expect.arrayContaining([
        'src/geo/models/cool-widget.ts',
        'src/geo/uploaders/cool-widget-uploader.ts',
        'src/geo/replicators/cool-widget-replicator.ts',
        'flags/geo_cool_widget_replication.yml',
      ]),
    );
    expect(
      files.some((path) => /^migrations\/main\/\d{14}_create_cool_widgets\.ts$/.test(path)),
    ).toBe(true);
    expect(
      files.some((path) =>
        /^migrations\/tracking\/\d{14}_create_cool_widget_registry\.ts$/.test(path),
      ),
    ).toBe(true);
    for (const gone of ['app/', 'db/', 'config/']) expect(added).not.toContain(gone);
    expect(await readFile(join(host, 'src/geo/replicator-classes.ts'), 'utf8')).toContain(
      "from './replicators/cool-widget-replicator.ts'",
    );

    const after = await check(host);
    expect(after.json.findings).toEqual([]);
    expect(after.code).toBe(0);

    const removed = await runMain(['remove', 'CoolWidget'], { cwd: host, seams: SEAMS });
    expect(removed.stderr).not.toContain('error');
    expect(removed.code).toBe(0);
    expect(Object.keys(await listing(host)).sort()).toEqual([...before].sort());
  });

  it('writes relative imports with .js for importExtension ".js", and check still passes', async () => {
    const host = await movedHost({ importExtension: '.js' });
    const before = Object.keys(await listing(host));
    await replicable(host, 'CoolWidget', '--strategy', 'blob');
    const added = Object.keys(await listing(host)).filter(
      (path) => !before.includes(path) && path.endsWith('.ts'),
    );
    const relativeImports: string[] = [];
    for (const path of [
      ...added,
      'src/geo/replicator-classes.ts',
      'src/geo/geo-node-status.test.ts',
    ]) {
      const text = await readFile(join(host, path), 'utf8');
      relativeImports.push(...(text.match(/from '\.\.?\/[^']*'/g) ?? []));
    }
    const generated = relativeImports.filter((specifier) => specifier.includes('cool-widget'));
    expect(generated.length).toBeGreaterThan(10);
    for (const specifier of generated) expect(specifier).toMatch(/\.js'$/);
    expect((await check(host)).json.findings).toEqual([]);
  });

  it('wires an existing model to its replicator with the .js extension', async () => {
    const host = await movedHost({ importExtension: '.js' });
    await writeFile(
      join(host, 'src/geo/models/wiki-repository.ts'),
      "import { RepositoryModel } from 'geo-runtime';\n\n" +
        'export class WikiRepository extends RepositoryModel {\n' +
        "  static override readonly tableName = 'wiki_repositories';\n}\n",
    );
    await replicable(host, 'WikiRepository', '--strategy', 'repository');
    expect(await readFile(join(host, 'src/geo/models/wiki-repository.ts'), 'utf8')).toContain(
      "from '../replicators/wiki-repository-replicator.js'",
    );
    expect((await check(host)).json.findings).toEqual([]);
  });
});
