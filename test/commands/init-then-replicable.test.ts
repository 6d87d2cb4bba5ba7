import { execFile } from 'node:child_process';
import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { snapshot } from '../support/host.ts';
import { newApp } from '../support/new-app.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, REPO_ROOT } from '../support/runtime-copy.ts';

const REAL = { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES };

/** Every relative import specifier of the application's TypeScript files under `app/`. */
async function relativeImports(app: string): Promise<string[]> {
  const files = (await readdir(join(app, 'app'), { recursive: true })).filter((path) =>
    path.endsWith('.ts'),
  );
  const specifiers: string[] = [];
  for (const file of files) {
    const text = await readFile(join(app, 'app', file), 'utf8');
    for (const match of text.matchAll(/from ["'](\.[^"']+)["']/g)) specifiers.push(match[1] ?? '');
  }
  return specifiers;
}

/** tsc's errors, one line each (continuation lines dropped). */
function typeCheck(app: string, project: string): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsc'),
      ['-p', project],
      { cwd: app },
      (_error, stdout) => resolve(stdout.split('\n').filter((line) => /error TS\d+/.test(line))),
    );
  });
}

describe('geo-gen replicable in an application set up by geo-gen init', () => {
  it('generates a data type whose relative imports end in .js, wired, checked and type-correct', async () => {
    const app = await newApp();
    expect((await runMain(['init'], { cwd: app })).code).toBe(0);
    const initialised = await snapshot(app);

    const generated = await runMain(['replicable', 'Widget', '--strategy', 'blob', '--yes'], {
      cwd: app,
      seams: REAL,
    });
    expect(generated.stderr).not.toContain('warning');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain('UPDATE app/replicator-classes.ts\n');
    expect(generated.stdout).toContain('UPDATE app/geo-node-status.test.ts\n');
    expect(generated.stdout).toContain('CREATE db/geo/migrate/');

    const imports = await relativeImports(app);
    expect(imports).toContain('./replicators/widget-replicator.js');
    expect(imports.filter((specifier) => !specifier.endsWith('.js'))).toEqual([]);
    expect((await runMain(['check'], { cwd: app })).code).toBe(0);

    // geo-gen remove recognises every file as geo-gen's (its imports in the app's style) and
    // leaves the application as init did; then the data type is generated again.
    const removed = await runMain(['remove', 'Widget'], { cwd: app, seams: REAL });
    expect(removed.code, removed.stderr).toBe(0);
    expect(await snapshot(app)).toEqual(initialised);
    const again = ['replicable', 'Widget', '--strategy', 'blob', '--yes'];
    expect((await runMain(again, { cwd: app, seams: REAL })).code).toBe(0);

    // The app's own strict options, with geo-runtime resolved to this repository's sources
    // (the packaged build is the end-to-end test's): errors in those sources are not the app's.
    await symlink(join(REPO_ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
    await writeFile(
      join(app, 'tsconfig.check.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: {
          noEmit: true,
          allowImportingTsExtensions: true,
          customConditions: ['geo-source'],
          types: ['node'],
        },
      }),
    );
    // A probe proves tsc ran over the application's files.
    await writeFile(join(app, 'app', 'probe.ts'), "export const probe: number = 'text';\n");
    const errors = await typeCheck(app, 'tsconfig.check.json');
    expect(errors.filter((line) => !line.includes('runtime/src/'))).toEqual([
      expect.stringMatching(/^app\/probe\.ts\(1,14\): error TS2322/),
    ]);
  });
});
