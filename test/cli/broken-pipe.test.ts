import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, SOURCE_NODE_ARGS } from '../support/child.ts';
import { CRASH_BIN, REPLACED_BY_TEMPLATE } from '../support/crash-bin.ts';
import { fixtureHost } from '../support/host.ts';

/**
 * `geo-gen … | head -1`: runs geo-gen in a process of its own, keeps the first chunk of its
 * stdout and then closes the pipe, as `head` does once it has its line.
 */
function runIntoHead(args: readonly string[], cwd: string) {
  return new Promise<{ code: number | null; firstChunk: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, [...SOURCE_NODE_ARGS, CRASH_BIN, ...args], {
        cwd,
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let firstChunk = '';
      let stderr = '';
      child.stdout.once('data', (chunk: Buffer) => {
        firstChunk = chunk.toString('utf8');
        child.stdout.destroy();
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, firstChunk, stderr }));
    },
  );
}

describe('a reader that goes away (EPIPE)', () => {
  it('ends the run with its own exit code and message, without a stack', async () => {
    const host = await fixtureHost();
    // A file the run replaces, so big that its diff cannot fit in the pipe: geo-gen is still
    // writing it when the reader closes, whatever the timing.
    const lines = Array.from({ length: 40_000 }, (_, index) => `hand-written line ${index}\n`);
    await mkdir(join(host, 'config'), { recursive: true });
    await writeFile(join(host, REPLACED_BY_TEMPLATE), lines.join(''));

    const run = await runIntoHead(
      ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes', '--force', '--dry-run'],
      host,
    );
    expect(run.firstChunk).toMatch(/^CREATE /);
    expect(run.stderr).toMatch(/^dry run: \d+ files planned in .*, nothing written\n$/);
    expect(run.code).toBe(0);
  });
});
