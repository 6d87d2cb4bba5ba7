import { RefusedError } from '../../errors.ts';
import { resolveHost } from '../../host/resolve-host.ts';
import { withHostSession } from '../../host/session.ts';
import type { Env, TextOutput } from '../../io.ts';
import { CheckCouldNotRunError, CheckFailedError } from './errors.ts';
import { loadCheckContext } from './load-context.ts';
import type { GivenCheckOptions } from './options.ts';
import { cleanSummary, jsonReport, textReport } from './report.ts';
import { runChecks, type CheckResult } from './run-checks.ts';

export interface CheckCommandOptions {
  readonly given: GivenCheckOptions;
  /** Where geo-gen runs; the host is looked for from here, and paths are printed relative to it. */
  readonly cwd: string;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Read for the lock's wait; none by default. */
  readonly env?: Env;
}

/**
 * `geo-gen check`: the CI gate. Every uploader has a replicator (or a reasoned exception), so
 * does every repository model, and every replicator is wired: listed once in
 * REPLICATOR_CLASSES, with a registry, its migration, a flag definition, a GraphQL field and a
 * spec; and nothing listed is missing. Prints the findings
 * (or one JSON object with `--json`) and ends in CheckFailedError (exit 1) when there are any,
 * or CheckCouldNotRunError (exit 2) when the host cannot be judged. It reads the host holding
 * its lock, so it never judges a host another run is half-way through writing.
 */
export async function check(options: CheckCommandOptions): Promise<CheckResult> {
  const json = options.given.json === true;
  const { root } = options.given;
  let result: CheckResult;
  try {
    const host = await resolveHost(options.cwd, root);
    const io = { stderr: options.stderr, env: options.env ?? {} };
    result = await withHostSession(host.root, 'check', io, async () =>
      runChecks(await loadCheckContext(host, root)),
    );
  } catch (error) {
    const failure =
      error instanceof CheckCouldNotRunError
        ? error
        : error instanceof RefusedError
          ? new CheckCouldNotRunError(error.message, { cause: error })
          : undefined;
    // With --json, main() prints it as the one JSON object of a failure.
    throw failure ?? error;
  }

  if (json) options.stdout.write(jsonReport(result));
  else if (result.findings.length > 0 || result.excepted.length > 0) {
    options.stdout.write(textReport(result, options.cwd));
  }
  if (result.findings.length > 0) throw new CheckFailedError(result.findings.length, result.root);
  options.stderr.write(cleanSummary(result));
  return result;
}
