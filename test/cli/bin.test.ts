import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SOURCE_NODE_ARGS } from '../support/child.ts';
import { tempDir } from '../support/host.ts';

const BIN = fileURLToPath(new URL('../../bin/geo-gen.cjs', import.meta.url));

/** Runs the real launcher in a child process, as a user's shell would. */
async function geoGen(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [...SOURCE_NODE_ARGS, BIN, ...args],
      {
        cwd,
        env: { ...process.env, CI: '1' },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bin/geo-gen.cjs', () => {
  it('starts from any directory and prints the help', async () => {
    const { code, stdout } = await geoGen(['--help'], await tempDir());
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: geo-gen [options] [command]');
    expect(stdout).toContain('--verification-table <table>');
  });

  it("sets the process's exit code from main()", async () => {
    const { code, stdout, stderr } = await geoGen(
      ['replicable', 'cool/widget', '--strategy', 'repository'],
      await tempDir(),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^geo-gen: cannot use "cool\/widget" as a data type name/);
  });
});
