import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_EXAMPLES, REPLICABLE_OPTIONS } from '../../src/commands/replicable/options.ts';
import { main } from '../../src/main.ts';
import { captureStream } from '../support/streams.ts';

async function help(argv: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = captureStream();
  const code = await main({
    argv,
    cwd: '/',
    stdout: stdout.stream,
    stderr: captureStream().stream,
    stdin: new PassThrough(),
    isTTY: false,
    env: {},
  });
  // Help text wraps at the terminal width; compare words, not line breaks.
  return { code, stdout: stdout.text().replace(/\s+/g, ' ') };
}

describe.each([
  ['geo-gen --help', ['--help']],
  ['geo-gen replicable --help', ['replicable', '--help']],
  ['geo-gen help replicable', ['help', 'replicable']],
])('%s', (_, argv) => {
  it('exits 0 and lists every option with its default or that it is required', async () => {
    const { code, stdout } = await help(argv);
    expect(code).toBe(0);
    expect(stdout).toContain('[Name]');
    for (const descriptor of Object.values(REPLICABLE_OPTIONS)) {
      if (descriptor.kind !== 'argument') expect(stdout).toContain(`--${descriptor.flag}`);
    }
    expect(stdout).toContain(
      'choices: blob [files written by an uploader], repository [git repositories]; required',
    );
    expect(stdout).toContain('default: inline');
    expect(stdout).toContain("default: pluralize's plural of the name");
    expect(stdout).toContain('default: the nearest directory with geo.config.json');
    expect(stdout).toMatch(/--dry-run .*\(default: false\)/);
  });

  it('shows examples', async () => {
    const { stdout } = await help(argv);
    expect(stdout).toContain('Examples:');
    for (const [command] of REPLICABLE_EXAMPLES) expect(stdout).toContain(`$ ${command}`);
  });
});

describe('geo-gen --version', () => {
  it('prints the package version', async () => {
    const { code, stdout } = await help(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
