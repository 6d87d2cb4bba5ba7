import { watchWrites } from '../interrupt.ts';
import { ENV, type Env, type TextOutput } from '../io.ts';
import { writeSteps, type WriteSteps } from '../tree/crash-hook.ts';
import { recoverHost } from '../tree/recover.ts';
import { lockHost } from './lock.ts';

export interface HostSessionIo {
  readonly stderr: TextOutput;
  readonly env: Env;
}

/** What a command needs from its session when it writes. */
export interface HostSession {
  /** Hand to `flush`: the run's write steps (counted by the crash test hook). */
  readonly steps: WriteSteps;
}

/** How long a run waits for another one's lock unless GEO_GEN_LOCK_WAIT_MS says otherwise. */
export const DEFAULT_LOCK_WAIT_MS = 5_000;

/**
 * Runs one command on a host as its only reader and writer: takes the host's lock (waiting for
 * a live run, taking over a dead one's), finishes what an interrupted run left (saying so in
 * one line), runs `work`, and releases the lock however `work` ends. Every command that reads
 * or writes a host runs inside one, before it reads anything but geo.config.json.
 */
export async function withHostSession<T>(
  root: string,
  command: string,
  io: HostSessionIo,
  work: (session: HostSession) => Promise<T>,
): Promise<T> {
  const lock = await lockHost(root, {
    command,
    waitMs: lockWaitMs(io.env),
    note: (message) => void io.stderr.write(`geo-gen: ${message}\n`),
  });
  try {
    const steps = watchWrites(writeSteps(io.env));
    const recovery = await recoverHost(root, steps);
    if (recovery.kind !== 'clean') {
      const what =
        recovery.kind === 'rolled-back'
          ? 'restored the host as it was before'
          : 'completed its change';
      io.stderr.write(
        `geo-gen: recovered from an interrupted run (pid ${recovery.pid}): ${what}; ` +
          `${recovery.files === 1 ? '1 file' : `${recovery.files} files`}\n`,
      );
    }
    return await work({ steps });
  } finally {
    await lock.release();
  }
}

function lockWaitMs(env: Env): number {
  const value = env[ENV.lockWait]?.trim() ?? '';
  const ms = value === '' ? Number.NaN : Number(value);
  return Number.isInteger(ms) && ms >= 0 ? ms : DEFAULT_LOCK_WAIT_MS;
}
