import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplicablePatch } from '../../src/commands/replicable/context.ts';
import { hostCopy } from '../support/host-copy.ts';
import { fixtureHost } from '../support/host.ts';
import { runMain, type RunResult } from '../support/run-main.ts';

const BLOB = ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes', '--json'];

const crash: ReplicablePatch = () => {
  throw new Error('patch exploded');
};

/** Stdout holds exactly one line, a JSON object, and nothing else. */
function onlyObject(result: RunResult): unknown {
  expect(result.stdout.endsWith('\n'), result.stdout).toBe(true);
  expect(result.stdout.trimEnd().split('\n'), result.stdout).toHaveLength(1);
  return JSON.parse(result.stdout);
}

describe('--json failures: one {"ok": false, "error": {...}} object on stdout', () => {
  it.each<[string, string[], 1 | 2, string, string]>([
    [
      'a bad option value',
      ['replicable', 'X', '--strategy', 'svn', '--json'],
      1,
      'usage',
      "argument 'svn' is invalid",
    ],
    [
      'an unknown option',
      ['release', 'X', '--json', '--nope'],
      1,
      'usage',
      "unknown option '--nope'",
    ],
    ['an unknown command', ['replicate', '--json'], 1, 'usage', "unknown command 'replicate'"],
    [
      'missing values',
      ['replicable', '--yes', '--json'],
      1,
      'missing-options',
      'missing required values',
    ],
    [
      'a refused name',
      ['replicable', 'Class', '--strategy', 'blob', '--yes', '--json'],
      1,
      'invalid-name',
      'reserved word',
    ],
    [
      'a missing --root',
      [...BLOB, '--root', 'nope'],
      1,
      'root-not-found',
      '--root nope is not a directory',
    ],
    [
      'release of an unknown type',
      ['release', 'Nothing', '--json'],
      1,
      'replicator-not-found',
      'Nothing',
    ],
    ['remove without a name', ['remove', '--json'], 1, 'missing-name', 'remove'],
    // The fixture host has no package.json: not an application init can set up.
    ['init outside an application', ['init', '--json'], 1, 'not-an-application', 'npm init'],
  ])('%s', async (_, argv, exitCode, code, message) => {
    const result = await runMain(argv, { cwd: await fixtureHost() });
    expect(result.code, result.stderr).toBe(exitCode);
    expect(onlyObject(result)).toEqual({
      ok: false,
      error: { code, message: expect.stringContaining(message), exitCode },
    });
    // The message for a person is still on stderr.
    expect(result.stderr).toContain(message);
  });

  it('a conflict', async () => {
    const host = await fixtureHost();
    expect((await runMain(BLOB, { cwd: host })).code).toBe(0);
    const again = await runMain(BLOB, { cwd: host });
    expect(again.code).toBe(1);
    expect(onlyObject(again)).toEqual({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already exist'), exitCode: 1 },
    });
  });

  it('an internal error (exit 2)', async () => {
    const result = await runMain(BLOB, { cwd: await fixtureHost(), seams: { patches: [crash] } });
    expect(result.code).toBe(2);
    expect(onlyObject(result)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'patch exploded', exitCode: 2 },
    });
  });

  it('nothing is added after a result: check with findings prints only its report', async () => {
    const host = await hostCopy();
    await writeFile(
      join(host, 'app/uploaders/avatar-uploader.ts'),
      "import { Uploader } from 'geo-runtime';\n\nexport class AvatarUploader extends Uploader {}\n",
    );
    const result = await runMain(['check', '--json'], { cwd: host });
    expect(result.code).toBe(1);
    expect(onlyObject(result)).toMatchObject({
      ok: false,
      findings: [{ kind: 'uploader-without-replicator' }],
    });
  });

  it('without --json, stdout stays empty on failure', async () => {
    const result = await runMain(['replicable', '--yes'], { cwd: await fixtureHost() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });
});
