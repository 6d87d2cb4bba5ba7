import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runNode, SOURCE_NODE_ARGS, type ChildExit } from '../support/child.ts';
import {
  CRASH_BIN,
  DELETED_BY_PATCH,
  REPLACED_BY_PATCH,
  REPLACED_BY_TEMPLATE,
} from '../support/crash-bin.ts';
import { GENERATOR_FILES } from '../../src/host/layout.ts';
import { hostCopy } from '../support/host-copy.ts';
import { hostDigest } from '../support/host-digest.ts';
import { runMain } from '../support/run-main.ts';

/** Creates three files (in new folders), replaces two (one read-only, with --force), deletes one. */
const GENERATE = ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes', '--force'];

/** The pinned host plus the files the run replaces (one read-only) and deletes. */
async function startingHost(): Promise<string> {
  const host = await hostCopy();
  await mkdir(join(host, 'config'), { recursive: true });
  await writeFile(join(host, REPLACED_BY_TEMPLATE), 'configured by hand\n');
  await chmod(join(host, REPLACED_BY_TEMPLATE), 0o444);
  await writeFile(join(host, REPLACED_BY_PATCH), 'before the crash test\n');
  await writeFile(join(host, DELETED_BY_PATCH), 'obsolete\n');
  return host;
}

/** `geo-gen replicable` in a process of its own, killed after its n-th write step if given. */
function generate(host: string, crashAfterStep?: number): Promise<ChildExit> {
  const env: Record<string, string> =
    crashAfterStep === undefined ? {} : { GEO_GEN_CRASH_AFTER_STEP: `${crashAfterStep}` };
  return runNode([...SOURCE_NODE_ARGS, CRASH_BIN, ...GENERATE], { cwd: host, env });
}

/** What the next command said about the run it found interrupted. */
function recoveryOf(stderr: string): 'restored' | 'completed' | 'nothing to recover' {
  if (stderr.includes('restored the host as it was before')) return 'restored';
  if (stderr.includes('completed its change')) return 'completed';
  return 'nothing to recover';
}

// Each step costs a process that plans and writes (about half a second): the plan has 6 files.
const LOOP_TIMEOUT = 180_000;

describe('a run killed with SIGKILL while writing', () => {
  it(
    'is undone or completed by the next command, at every step of the write phase',
    async () => {
      const complete = await startingHost();
      const finished = await generate(complete);
      expect(finished.code, finished.stderr).toBe(0);
      const lines = finished.stdout.trim().split('\n');
      const count = (kind: string) => lines.filter((line) => line.startsWith(kind)).length;
      const [creates, updates, deletes] = [count('CREATE'), count('UPDATE'), count('DELETE')];
      expect([creates, updates, deletes]).toEqual([3, 2, 1]);
      const generated = await hostDigest(complete);

      let host = await startingHost();
      const before = await hostDigest(host);
      const seen: string[] = [];
      for (let step = 1; ; step += 1) {
        expect(step, 'the write phase never ends').toBeLessThan(60);
        const run = await generate(host, step);
        if (run.signal === null) {
          expect(run.code, run.stderr).toBe(0);
          expect(await hostDigest(host)).toEqual(generated);
          break;
        }
        expect(run.signal).toBe('SIGKILL');
        const next = await runMain(['check'], { cwd: host });
        const digest = await hostDigest(host);
        if (JSON.stringify(digest) === JSON.stringify(before)) {
          seen.push(`before, ${recoveryOf(next.stderr)}`);
          continue; // recovered in place: the same copy serves the next step
        }
        expect(digest, `killed after step ${step}: neither as before nor complete`).toEqual(
          generated,
        );
        seen.push(`generated, ${recoveryOf(next.stderr)}`);
        host = await startingHost();
      }

      // Killed before the journal says committed: rolled back. After: rolled forward. After
      // the journal is gone: nothing left to do (the dead run's lock is taken over).
      const writing = 1 + (creates + updates) + (updates + deletes) + (creates + updates);
      const committing = 1 + (updates + deletes);
      expect(seen).toEqual([
        ...Array<string>(writing).fill('before, restored'),
        ...Array<string>(committing).fill('generated, completed'),
        'generated, nothing to recover',
      ]);
    },
    LOOP_TIMEOUT,
  );

  it.each([
    // Steps: the journal, 5 temporary files, 8 renames (3 to backups), the commit, 3 backups gone.
    ['half-way through its renames', 1 + 5 + 4, 'restored'],
    ['after its journal says committed', 1 + 5 + 8 + 1, 'completed'],
  ] as const)(
    'killed %s: a recovery killed after each of its own steps is finished by the next one',
    async (_, crashStep, outcome) => {
      const complete = await startingHost();
      expect((await generate(complete)).code).toBe(0);
      const expected = await hostDigest(outcome === 'restored' ? await startingHost() : complete);

      const host = await startingHost();
      expect((await generate(host, crashStep)).signal).toBe('SIGKILL');
      // Each recovery is killed after its first step, until one finds nothing left to do.
      let killed = 0;
      for (;;) {
        expect(killed, 'the recovery never ends').toBeLessThan(40);
        const recovery = await runNode([...SOURCE_NODE_ARGS, BIN, 'check'], {
          cwd: host,
          env: { GEO_GEN_CRASH_AFTER_STEP: '1' },
        });
        if (recovery.signal === null) {
          expect(recoveryOf(recovery.stderr)).toBe('nothing to recover');
          break;
        }
        expect(recovery.signal).toBe('SIGKILL');
        killed += 1;
      }
      expect(killed).toBeGreaterThan(2);
      expect(await hostDigest(host)).toEqual(expected);
    },
    LOOP_TIMEOUT,
  );

  it('refuses to touch a host whose journal cannot be read, saying what to look at', async () => {
    const host = await startingHost();
    await mkdir(join(host, GENERATOR_FILES.dir));
    await writeFile(join(host, GENERATOR_FILES.journal), '{ "version": 1, "state": "writ');
    const before = await hostDigest(host);
    const run = await runMain(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], {
      cwd: host,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `geo-gen: ${join(host, GENERATOR_FILES.journal)} records an interrupted run but cannot be read: not JSON`,
    );
    expect(run.stderr).toContain('then delete that file and run again.\n');
    expect(await hostDigest(host)).toEqual(before);
  });
});
