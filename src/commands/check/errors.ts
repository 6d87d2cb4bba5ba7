import { RefusedError } from '../../errors.ts';
import { ExitError } from '../../exit-error.ts';

/** The check ran and found problems (exit 1); they are printed already, this is the summary. */
export class CheckFailedError extends RefusedError {
  override readonly name = 'CheckFailedError';
  // Its findings are on stdout already: the text report, or the one JSON object of --json.
  override readonly resultPrinted = true;
  constructor(
    readonly findings: number,
    readonly root: string,
  ) {
    super(
      `check failed: ${findings === 1 ? '1 finding' : `${findings} findings`} in ${root}. ` +
        'Each names its file, line and fix; run geo-gen check again once they are fixed.',
    );
  }
}

/** The check could not run, so it says nothing about the host (exit 2). */
export class CheckCouldNotRunError extends ExitError {
  override readonly name: string = 'CheckCouldNotRunError';
  constructor(
    readonly why: string,
    options?: { cause?: unknown },
  ) {
    super(2, `check could not run: ${why}`, options);
  }
}
