import { describe, expect, it } from 'vitest';
import { colourEnabled } from '../../src/colour.ts';
import { runNode, SOURCE_NODE_ARGS } from '../support/child.ts';
import { CRASH_BIN } from '../support/crash-bin.ts';
import { fixtureHost } from '../support/host.ts';
import { runMain } from '../support/run-main.ts';

const GENERATE = ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'];
const ESC = '\u001b[';
const GREEN_CREATE = `${ESC}32mCREATE${ESC}39m `;

describe('when geo-gen colours its output', () => {
  const terminal = { isTTY: true };
  const pipe = {};
  it.each<[string, object, Record<string, string>, boolean]>([
    ['a terminal', terminal, {}, true],
    ['a pipe or a file', pipe, {}, false],
    ['a terminal with NO_COLOR=1', terminal, { NO_COLOR: '1' }, false],
    ['a terminal with an empty NO_COLOR', terminal, { NO_COLOR: '' }, true],
    ['a terminal with TERM=dumb', terminal, { TERM: 'dumb' }, false],
    ['a pipe with FORCE_COLOR=1', pipe, { FORCE_COLOR: '1' }, true],
    ['a pipe with FORCE_COLOR and NO_COLOR', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ['a terminal with FORCE_COLOR=0', terminal, { FORCE_COLOR: '0' }, false],
  ])('%s → %s', (_, stream, env, expected) => {
    expect(colourEnabled(stream, env)).toBe(expected);
  });
});

describe('the change list as a user sees it', () => {
  it('colours CREATE green on a terminal', async () => {
    const result = await runMain(GENERATE, { cwd: await fixtureHost(), stdoutIsTTY: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${GREEN_CREATE}app/models/cool-widget.ts\n`);
    // Messages on stderr stay plain.
    expect(result.stderr).not.toContain(ESC);
  });

  it('has no colour on a terminal with NO_COLOR', async () => {
    const result = await runMain(GENERATE, {
      cwd: await fixtureHost(),
      stdoutIsTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('CREATE app/models/cool-widget.ts\n');
    expect(result.stdout).not.toContain(ESC);
  });

  it('has no colour with --json, even forced', async () => {
    const result = await runMain([...GENERATE, '--json'], {
      cwd: await fixtureHost(),
      env: { FORCE_COLOR: '1' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('created');
  });

  it('has none when a real process writes into a pipe, and some when FORCE_COLOR says so', async () => {
    const cwd = await fixtureHost();
    const plain = await runNode([...SOURCE_NODE_ARGS, CRASH_BIN, ...GENERATE, '--dry-run'], {
      cwd,
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('CREATE ');
    expect(plain.stdout).not.toContain(ESC);

    const forced = await runNode([...SOURCE_NODE_ARGS, CRASH_BIN, ...GENERATE, '--dry-run'], {
      cwd,
      env: { FORCE_COLOR: '1' },
    });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(GREEN_CREATE);
  });
});
