import { describe, expect, it } from 'vitest';
import { COMMAND_LOADERS } from '../src/cli.ts';
import { compileCacheDirectory } from '../src/compile-cache.ts';
import { GENERATORS, startUp, v8FlagsFor } from '../src/start-up.ts';

describe('v8FlagsFor', () => {
  it('turns the optimising compiler off for a generator, whatever its options', () => {
    expect(v8FlagsFor(['replicable', 'CoolWidget', '--strategy', 'blob'])).toEqual(['--no-opt']);
    expect(v8FlagsFor(['release', 'CoolWidget'])).toEqual(['--no-opt']);
  });

  it('leaves V8 as it is for check, help and no command at all', () => {
    expect(v8FlagsFor(['check'])).toEqual([]);
    expect(v8FlagsFor(['--help'])).toEqual([]);
    expect(v8FlagsFor([])).toEqual([]);
  });

  it('names only commands geo-gen has', () => {
    expect(Object.keys(COMMAND_LOADERS)).toEqual(expect.arrayContaining([...GENERATORS]));
  });
});

describe('startUp', () => {
  it('readies nothing for the help, the version or no command (Ctrl-C keeps its default)', async () => {
    for (const args of [[], ['--help'], ['-V'], ['help', 'replicable']]) {
      const listeners: string[] = [];
      await startUp({
        argv: ['node', 'geo-gen', ...args],
        stderr: process.stderr,
        once: (signal) => listeners.push(signal),
        exit: () => {
          throw new Error('exit');
        },
      });
      expect(listeners, args.join(' ')).toEqual([]);
    }
  });
});

describe('compileCacheDirectory', () => {
  it('keeps the code compiled under other V8 flags apart (V8 would reject it)', () => {
    expect(compileCacheDirectory(['--no-opt'])).not.toBe(compileCacheDirectory());
    expect(compileCacheDirectory(['--no-opt'])).toMatch(/-no-opt$/);
  });
});
