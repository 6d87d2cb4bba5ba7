import { CommanderError } from './commander.ts';
import { CancelledError, RefusedError, type ExitCode } from './errors.ts';
import { ExitError } from './exit-error.ts';
import { ENV, isEnvFlagSet, type TextOutput } from './io.ts';

/**
 * The one place errors become exit codes. Commander has already printed its own usage errors;
 * a RefusedError is expected (bad input, conflict, cancel) and its message is enough; anything
 * else is a geo-gen bug: say so, and show the stack and causes only when asked to.
 */
export function reportError(
  error: unknown,
  stderr: TextOutput,
  env: Readonly<Record<string, string | undefined>>,
): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
  if (error instanceof ExitError) {
    stderr.write(`geo-gen: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof CancelledError) {
    stderr.write(`geo-gen: ${error.message}\n`);
    return 130;
  }
  if (error instanceof RefusedError) {
    stderr.write(`geo-gen: ${error.message}\n`);
    return 1;
  }
  const verbose = isEnvFlagSet(env[ENV.verbose]);
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(
    `geo-gen: internal error: ${message}\n` +
      'This is a bug in geo-gen, not in your input; nothing was written. Please report it with ' +
      `the command you ran${verbose ? ' and the trace below' : ` (set ${ENV.verbose}=1 to include the stack trace)`}.\n`,
  );
  if (verbose) stderr.write(`${traceOf(error)}\n`);
  return 2;
}

function traceOf(error: unknown): string {
  const lines: string[] = [];
  for (let current: unknown = error; current !== undefined;) {
    lines.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push('Caused by:');
  }
  return lines.join('\n');
}
