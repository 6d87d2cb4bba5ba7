import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN_TESTS = join(REPO_ROOT, 'scripts', 'run-tests.mjs');

/** A throwaway vitest project: these test files, a config, and the repository's packages. */
async function fixtureProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'geo-run-tests-'));
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(
    join(dir, 'vitest.config.mjs'),
    "export default { test: { include: ['*.test.mjs'] } };\n",
  );
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** Runs scripts/run-tests.mjs on the fixture, its reports in the fixture (never the repository's). */
function runTests(dir: string): Promise<{ code: number; lastLine: string | undefined }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [RUN_TESTS, '--root', dir, '--config', join(dir, 'vitest.config.mjs')],
      { env: { ...process.env, GEO_TEST_REPORT_DIR: join(dir, 'reports'), NO_COLOR: '1' } },
      (error, stdout) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, lastLine: stdout.trimEnd().split('\n').at(-1) });
      },
    );
  });
}

const PASSING = `import { expect, it } from 'vitest';
it('passes', () => {
  expect(1).toBe(1);
});
`;

describe('scripts/run-tests.mjs', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('ends with the counts alone on the last line, and exits 0 when everything passed', async () => {
    const dir = await fixtureProject({ 'passing.test.mjs': PASSING });
    dirs.push(dir);
    expect(await runTests(dir)).toEqual({ code: 0, lastLine: '1 passed, 0 failed, 0 skipped' });
  });

  it('counts an unhandled rejection as a failure, though every test passed', async () => {
    const dir = await fixtureProject({
      'rejects.test.mjs': PASSING.replace(
        "it('passes', () => {",
        "it('passes', () => {\n  void Promise.reject(new Error('nobody handles this'));",
      ),
    });
    dirs.push(dir);
    const ran = await runTests(dir);
    expect(ran.lastLine).toBe('1 passed, 1 failed, 0 skipped');
    expect(ran.code).not.toBe(0);
  });
});
