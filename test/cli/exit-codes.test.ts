import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplicablePatch } from '../../src/commands/replicable/context.ts';
import { fixtureHost, tempDir } from '../support/host.ts';
import { runMain } from '../support/run-main.ts';

const crash: ReplicablePatch = () => {
  throw new Error('patch exploded', { cause: new Error('the root cause') });
};

describe('exit codes of main()', () => {
  it.each<[string, 0 | 1 | 2, string[], string]>([
    ['done', 0, ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], 'wrote 6 files'],
    ['help', 0, ['--help'], ''],
    [
      'refused: a bad name',
      1,
      ['replicable', 'cool/widget', '--strategy', 'blob', '--yes'],
      'geo-gen: cannot use "cool/widget"',
    ],
    [
      'refused: a reserved word',
      1,
      ['replicable', 'Class', '--strategy', 'blob', '--yes'],
      '`class` is a JavaScript/TypeScript reserved word',
    ],
    ['refused: missing values', 1, ['replicable', '--yes'], 'missing required values'],
    ['refused: a bad flag', 1, ['replicable', '--strategy', 'svn'], "argument 'svn' is invalid"],
    ['refused: an unknown command', 1, ['replicate'], "unknown command 'replicate'"],
    [
      'refused: a missing --root',
      1,
      ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes', '--root', 'nope'],
      '--root nope is not a directory',
    ],
  ])('%s → %i', async (_, code, argv, message) => {
    const result = await runMain(argv, { cwd: await fixtureHost() });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it('2 for an internal error: says it is a bug to report, stack hidden', async () => {
    const result = await runMain(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], {
      cwd: await fixtureHost(),
      seams: { patches: [crash] },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'geo-gen: internal error: patch exploded\n' +
        'This is a bug in geo-gen, not in your input; nothing was written. Please report it with ' +
        'the command you ran (set GEO_GEN_VERBOSE=1 to include the stack trace).\n',
    );
  });

  it('2 for an internal error, with the stack and its causes under GEO_GEN_VERBOSE=1', async () => {
    const result = await runMain(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], {
      cwd: await fixtureHost(),
      seams: { patches: [crash] },
      env: { GEO_GEN_VERBOSE: '1' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Please report it with the command you ran and the trace below.\n',
    );
    expect(result.stderr).toMatch(/Error: patch exploded\n\s+at crash .*exit-codes\.test\.ts/);
    expect(result.stderr).toContain('Caused by:\nError: the root cause');
  });

  it('2 for a broken template, naming the template file and line', async () => {
    const templatesDir = await tempDir();
    await mkdir(join(templatesDir, 'blob', 'files'), { recursive: true });
    await writeFile(
      join(templatesDir, 'blob', 'files', '__fileName__.ts.ejs'),
      'ok\n<%= names.nope %>\n',
    );
    const result = await runMain(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], {
      cwd: await fixtureHost(),
      seams: { templatesDir },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `geo-gen: internal error: template ${join(templatesDir, 'blob', 'files', '__fileName__.ts.ejs')}:2: ` +
        'a <%= %> tag printed undefined',
    );
  });
});
