import { CommanderError } from './commander.ts';
import { messageOf, RefusedError, type ExitCode } from './errors.ts';
import { ExitError } from './exit-error.ts';

/**
 * What every command prints on stdout with `--json` when it fails, as one line:
 * `{"ok": false, "error": {"code": "conflict", "message": "…", "exitCode": 1}}`. `code` names the
 * kind of failure: `usage` (a bad flag or command), `internal` (a geo-gen bug), or the error's
 * kind in kebab case (`missing-options`, `conflict`, `cancelled`, `check-could-not-run`, …).
 */
export interface JsonFailure {
  readonly ok: false;
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly exitCode: Exclude<ExitCode, 0>;
  };
}

/** Whether the command line asks for JSON (`--json` before any `--`). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

export function jsonFailure(error: unknown, exitCode: Exclude<ExitCode, 0>): string {
  const failure: JsonFailure = {
    ok: false,
    error: { code: codeOf(error), message: messageFor(error), exitCode },
  };
  return `${JSON.stringify(failure)}\n`;
}

function codeOf(error: unknown): string {
  if (error instanceof CommanderError) return 'usage';
  if (!(error instanceof RefusedError || error instanceof ExitError)) return 'internal';
  const kind = error.name.replace(/Error$/, '');
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() || 'refused';
}

function messageFor(error: unknown): string {
  // Commander's messages start with "error: ", which the JSON's shape already says.
  if (error instanceof CommanderError) return error.message.replace(/^error: /, '');
  return messageOf(error);
}
