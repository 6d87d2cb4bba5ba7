import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandLoaders } from '../../src/cli.ts';
import type { ReplicableCommandOptions } from '../../src/commands/replicable/index.ts';
import type { GivenReplicableOptions } from '../../src/commands/replicable/options.ts';
import { main } from '../../src/main.ts';
import { captureStream } from '../support/streams.ts';

interface Parsed {
  readonly code: number;
  readonly given: GivenReplicableOptions | undefined;
  readonly interactive: boolean | undefined;
  readonly stderr: string;
}

/** Parses argv with the real program, but with the command replaced by a recorder. */
async function parse(
  argv: readonly string[],
  io: { isTTY?: boolean; env?: Record<string, string> } = {},
): Promise<Parsed> {
  let received: ReplicableCommandOptions | undefined;
  const loaders: CommandLoaders = {
    replicable: async () => ({
      replicable: async (options) => {
        received = options;
      },
    }),
  };
  const stderr = captureStream();
  const code = await main({
    argv,
    cwd: '/nowhere',
    stdout: captureStream().stream,
    stderr: stderr.stream,
    stdin: new PassThrough(),
    isTTY: io.isTTY ?? false,
    env: io.env ?? {},
    loaders,
  });
  return {
    code,
    given: received?.given,
    interactive: received?.interactive,
    stderr: stderr.text(),
  };
}

const NOTHING_GIVEN: GivenReplicableOptions = {
  name: undefined,
  strategy: undefined,
  verificationTable: undefined,
  plural: undefined,
  root: undefined,
  dryRun: false,
  force: false,
  yes: false,
  json: false,
};

describe('geo-gen replicable: argv → options', () => {
  it.each<[string, string[], Partial<GivenReplicableOptions>]>([
    ['nothing', [], {}],
    ['the name', ['CoolWidget'], { name: 'CoolWidget' }],
    ['a name with spaces', ['Cool Widget'], { name: 'Cool Widget' }],
    [
      'the strategy',
      ['CoolWidget', '--strategy', 'blob'],
      { name: 'CoolWidget', strategy: 'blob' },
    ],
    ['--flag=value', ['--strategy=blob'], { strategy: 'blob' }],
    ['the repository strategy', ['--strategy', 'repository'], { strategy: 'repository' }],
    ['option 2', ['--verification-table', 'separate'], { verificationTable: 'separate' }],
    ['a plural', ['Person', '--plural', 'People'], { name: 'Person', plural: 'People' }],
    ['a root', ['--root', '../host'], { root: '../host' }],
    ['--dry-run', ['--dry-run'], { dryRun: true }],
    ['--force', ['--force'], { force: true }],
    ['--yes', ['--yes'], { yes: true }],
    ['--json', ['--json'], { json: true }],
    [
      'everything, options before the name',
      ['--yes', '--json', '--strategy', 'blob', 'cool_widget', '--force', '--dry-run'],
      { name: 'cool_widget', strategy: 'blob', yes: true, json: true, force: true, dryRun: true },
    ],
  ])('%s', async (_, argv, expected) => {
    const parsed = await parse(['replicable', ...argv]);
    expect(parsed.code).toBe(0);
    expect(parsed.given).toEqual({ ...NOTHING_GIVEN, ...expected });
  });

  it.each([
    [
      'an unknown strategy',
      ['--strategy', 'git'],
      "argument 'git' is invalid. Allowed choices are blob, repository.",
    ],
    [
      'an unknown table layout',
      ['--verification-table', 'nested'],
      'Allowed choices are inline, separate.',
    ],
    ['an unknown option', ['--colour'], "unknown option '--colour'"],
    ['a second name', ['CoolWidget', 'Extra'], 'too many arguments'],
    ['a flag without its value', ['--plural'], "option '--plural <word>' argument missing"],
  ])('refuses %s with exit 1, before running anything', async (_, argv, message) => {
    const parsed = await parse(['replicable', ...argv]);
    expect(parsed.code).toBe(1);
    expect(parsed.given).toBeUndefined();
    expect(parsed.stderr).toContain(message);
  });

  it.each<[string, { isTTY: boolean; env?: Record<string, string> }, string[], boolean]>([
    ['a terminal', { isTTY: true }, [], true],
    ['a terminal with --yes', { isTTY: true }, ['--yes'], false],
    ['no terminal', { isTTY: false }, [], false],
    ['a terminal in CI', { isTTY: true, env: { CI: 'true' } }, [], false],
    [
      'a terminal with GEO_GEN_NON_INTERACTIVE=1',
      { isTTY: true, env: { GEO_GEN_NON_INTERACTIVE: '1' } },
      [],
      false,
    ],
    ['a terminal with CI=false', { isTTY: true, env: { CI: 'false' } }, [], true],
  ])('asks questions only on %s', async (_, io, argv, interactive) => {
    const parsed = await parse(['replicable', ...argv], io);
    expect(parsed.interactive).toBe(interactive);
  });
});
