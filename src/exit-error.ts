import type { ExitCode } from './errors.ts';

/**
 * An expected end of a command with a given exit code and a message for stderr, for the codes a
 * RefusedError (always 1) cannot express: `geo-gen check` exits 2 when the check could not run.
 * Not a bug, so `main()` prints the message as is instead of the "please report" text.
 */
export class ExitError extends Error {
  override readonly name: string = 'ExitError';
  constructor(
    readonly exitCode: Exclude<ExitCode, 0 | 130>,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
