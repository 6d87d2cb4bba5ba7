import { ENV, type Env } from '../io.ts';

/**
 * Counts the steps that change a host (journal writes, each temporary file, rename, backup
 * removal, and recovery's own steps), one counter per run.
 */
export interface WriteSteps {
  /** Called after each step has changed the disk. */
  done(): void;
}

export const UNCOUNTED: WriteSteps = Object.freeze({ done: () => undefined });

/**
 * TEST HOOK, not a feature: with `GEO_GEN_CRASH_AFTER_STEP=<n>`, the run kills itself with
 * SIGKILL right after its n-th write step, so a test can stop it at every step of the write
 * phase deterministically (no timing), then check what the next command makes of the host.
 */
export function writeSteps(env: Env): WriteSteps {
  const value = env[ENV.crashAfterStep];
  const crashAfter = value === undefined ? Number.NaN : Number(value);
  if (!Number.isInteger(crashAfter) || crashAfter < 1) return UNCOUNTED;
  let steps = 0;
  return {
    done: () => {
      steps += 1;
      if (steps === crashAfter) process.kill(process.pid, 'SIGKILL');
    },
  };
}
