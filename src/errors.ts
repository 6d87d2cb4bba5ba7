/**
 * What `main()` returns: 0 done, 1 refused (bad input, conflict), 2 internal error, 130
 * cancelled with Ctrl-C (128 + SIGINT, as a shell reports a run stopped by Ctrl-C).
 */
export type ExitCode = 0 | 1 | 2 | 130;

/**
 * geo-gen will not do what was asked, and nothing was written. The message tells the user what to
 * do instead; `main()` prints it as is and exits 1. Every expected failure derives from this class;
 * anything else is a bug and takes the "please report" path.
 */
export class RefusedError extends Error {
  override readonly name: string = 'RefusedError';
  readonly exitCode = 1;
  /** The command printed its result on stdout (`check`'s findings), so `--json` adds nothing. */
  readonly resultPrinted: boolean = false;
}

/** The user pressed Ctrl-C (or the prompt was aborted) before anything was written: exit 130. */
export class CancelledError extends RefusedError {
  override readonly name = 'CancelledError';
  constructor(options?: { cause?: unknown }) {
    super('cancelled, nothing written', options);
  }
}

/** Values that cannot be asked for (no terminal, or `--yes`) and were not given. */
export class MissingOptionsError extends RefusedError {
  override readonly name = 'MissingOptionsError';
  constructor(readonly missing: readonly string[]) {
    super(
      `missing ${missing.length === 1 ? 'a required value' : 'required values'}: ${missing.join(', ')}.\n` +
        'Pass them on the command line, or run in a terminal without --yes to be asked.',
    );
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
