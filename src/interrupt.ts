import type { WriteSteps } from './tree/crash-hook.ts';

/** The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED = 130;

/** Whether this process has begun changing a host (its first write step is done). */
let writing = false;

/** Wraps a session's write steps so an interrupt knows whether the host was touched. */
export function watchWrites(steps: WriteSteps): WriteSteps {
  return {
    done: () => {
      writing = true;
      steps.done();
    },
  };
}

interface InterruptibleProcess {
  once(signal: 'SIGINT', listener: () => void): unknown;
  exit(code: number): never;
}

/**
 * SIGINT (Ctrl-C while no prompt holds the terminal, or `kill -INT`) ends the run with exit
 * code 130 and one line on stderr. Before the first write step nothing was written, and it says
 * so. Once the write phase has begun the process stops where it is, as a kill would, and the
 * host's journal makes the next geo-gen command on it complete or undo the change (see
 * `tree/recover.ts`). A Ctrl-C at a prompt is a key, not a signal: the prompt turns it into
 * CancelledError, which `reportError` ends with 130 too.
 */
export function exitOnInterrupt(
  proc: InterruptibleProcess,
  stderr: { write(chunk: string): unknown },
): void {
  proc.once('SIGINT', () => {
    stderr.write(
      writing
        ? 'geo-gen: interrupted while writing; the next geo-gen command on this host completes or undoes the change\n'
        : 'geo-gen: interrupted, nothing written\n',
    );
    proc.exit(INTERRUPTED);
  });
}
