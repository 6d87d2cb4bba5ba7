import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandLoaders } from '../../src/cli.ts';
import { main } from '../../src/main.ts';
import { captureStream } from '../support/streams.ts';

/** Parses argv with the real program; each command is replaced by a recorder of what it got. */
async function parse(
  argv: readonly string[],
): Promise<{ code: number; given: unknown; stdout: string }> {
  let given: unknown;
  const record = async (options: { given: unknown }): Promise<void> => {
    given = options.given;
  };
  const loaders: CommandLoaders = {
    replicable: async () => ({ replicable: record }),
    check: async () => ({ check: record }),
    release: async () => ({ release: record }),
    remove: async () => ({ remove: record }),
  };
  const stdout = captureStream();
  const code = await main({
    argv,
    cwd: '/nowhere',
    stdout: stdout.stream,
    stderr: captureStream().stream,
    stdin: new PassThrough(),
    isTTY: false,
    env: {},
    loaders,
  });
  return { code, given, stdout: stdout.text() };
}

describe('argv → options of check, release and remove', () => {
  it.each<[string[], Record<string, unknown>]>([
    [['check'], { root: undefined, json: false }],
    [['check', '--root', 'runtime', '--json'], { root: 'runtime', json: true }],
    [
      ['release', 'CoolWidget'],
      { name: 'CoolWidget', root: undefined, dryRun: false, json: false },
    ],
    [
      ['release', 'cool_widget', '--dry-run', '--json', '--root=../host'],
      { name: 'cool_widget', root: '../host', dryRun: true, json: true },
    ],
    [
      ['remove', 'Person', '--plural', 'People', '--verification-table', 'separate', '--force'],
      {
        name: 'Person',
        plural: 'People',
        verificationTable: 'separate',
        root: undefined,
        dryRun: false,
        force: true,
        json: false,
      },
    ],
  ])('%j', async (argv, expected) => {
    const { code, given } = await parse(argv);
    expect(code).toBe(0);
    expect(given).toEqual(expected);
  });

  it('refuses an unknown layout and an unknown flag', async () => {
    expect((await parse(['remove', 'X', '--verification-table', 'sideways'])).code).toBe(1);
    expect((await parse(['check', '--force'])).code).toBe(1);
  });

  it('lists the commands in the top-level help', async () => {
    const { stdout } = await parse(['--help']);
    for (const command of ['replicable', 'check', 'release', 'remove']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });
});
