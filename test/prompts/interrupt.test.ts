import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exitOnInterrupt, INTERRUPTED, watchWrites } from '../../src/interrupt.ts';
import { UNCOUNTED } from '../../src/tree/crash-hook.ts';
import { BIN, SOURCE_NODE_ARGS } from '../support/child.ts';
import { fixtureHost, snapshot } from '../support/host.ts';

const PROMPT = 'Which model should Geo replicate?';

/**
 * `geo-gen replicable` on a real terminal: util-linux `script` gives it a pseudo-terminal, so
 * it prompts. The shell prints its pid and then becomes geo-gen (exec). Once the prompt shows,
 * `interrupt` acts (a key typed on the terminal, or a signal to the pid); resolves at the end.
 */
function promptThenInterrupt(
  cwd: string,
  interrupt: (terminal: { type(keys: string): void; pid: number }) => void,
) {
  const { CI: _ci, GEO_GEN_NON_INTERACTIVE: _never, ...env } = process.env;
  const command = `echo "pid=$$"; exec "${process.execPath}" ${SOURCE_NODE_ARGS.map((arg) => `"${arg}"`).join(' ')} "${BIN}" replicable`;
  const child = spawn('script', ['-qfec', `sh -c '${command}'`, '/dev/null'], {
    cwd,
    env: { ...env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise<{ code: number | null; screen: string }>((resolve, reject) => {
    let screen = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      const pid = /pid=(\d+)/.exec(screen)?.[1];
      if (!interrupted && pid !== undefined && screen.includes(PROMPT)) {
        interrupted = true;
        interrupt({ type: (keys) => void child.stdin.write(keys), pid: Number(pid) });
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}

/** The last line geo-gen printed (the pseudo-terminal ends lines with \r\n). */
function lastLine(screen: string): string {
  return screen.replaceAll('\r', '').trimEnd().split('\n').at(-1) ?? '';
}

describe('Ctrl-C while geo-gen waits at a prompt', () => {
  it('the key exits 130 with "cancelled, nothing written", the host untouched', async () => {
    const host = await fixtureHost();
    const before = await snapshot(host);
    const run = await promptThenInterrupt(host, (terminal) => terminal.type('\u0003'));
    expect(run.code).toBe(130);
    expect(lastLine(run.screen)).toMatch(/geo-gen: cancelled, nothing written$/);
    expect(await snapshot(host)).toEqual(before);
  });

  it('SIGINT exits 130 with "interrupted, nothing written", the host untouched', async () => {
    const host = await fixtureHost();
    const before = await snapshot(host);
    const run = await promptThenInterrupt(host, ({ pid }) => process.kill(pid, 'SIGINT'));
    expect(run.code).toBe(130);
    expect(lastLine(run.screen)).toMatch(/geo-gen: interrupted, nothing written$/);
    expect(await snapshot(host)).toEqual(before);
  });
});

describe('exitOnInterrupt', () => {
  it('says nothing was written before the first write step, and that the next run recovers after', () => {
    const said: string[] = [];
    const codes: number[] = [];
    class Exited extends Error {}
    const signal = () => {
      let listener: (() => void) | undefined;
      exitOnInterrupt(
        {
          once: (_, handler) => (listener = handler),
          exit: (code) => {
            codes.push(code);
            throw new Exited();
          },
        },
        { write: (line) => said.push(line) },
      );
      expect(() => listener?.()).toThrow(Exited);
    };
    signal();
    watchWrites(UNCOUNTED).done();
    signal();
    expect(codes).toEqual([INTERRUPTED, INTERRUPTED]);
    expect(said).toEqual([
      'geo-gen: interrupted, nothing written\n',
      'geo-gen: interrupted while writing; the next geo-gen command on this host completes or undoes the change\n',
    ]);
  });
});
