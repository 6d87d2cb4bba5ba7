import { tolerateBrokenPipe } from './broken-pipe.ts';
import { createProgram, type CliContext } from './cli.ts';
import { RefusedError, type ExitCode } from './errors.ts';
import { jsonFailure, wantsJson } from './json-failure.ts';
import { reportError } from './report-error.ts';

export type { CliContext as MainOptions } from './cli.ts';

/**
 * Runs geo-gen once and returns its exit code (0 done, 1 refused, 2 internal error) instead of
 * exiting, so tests call it directly with their own streams, cwd and environment.
 *
 * @example process.exitCode = await main({ argv: process.argv.slice(2), cwd: process.cwd(), ... })
 */
export async function main(context: CliContext): Promise<ExitCode> {
  tolerateBrokenPipe(context.stdout);
  tolerateBrokenPipe(context.stderr);
  try {
    await createProgram(context).parseAsync([...context.argv], { from: 'user' });
    return 0;
  } catch (error) {
    const code = reportError(error, context.stderr, context.env);
    // With --json a failure is one JSON object on stdout, unless the command printed its result.
    const printed = error instanceof RefusedError && error.resultPrinted;
    if (code !== 0 && wantsJson(context.argv) && !printed) {
      context.stdout.write(jsonFailure(error, code));
    }
    return code;
  }
}
