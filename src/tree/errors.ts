import { RefusedError } from '../errors.ts';

/** A generated path would land outside the host root (`..`, an absolute path elsewhere). */
export class OutsideRootError extends RefusedError {
  override readonly name = 'OutsideRootError';
  constructor(
    readonly path: string,
    readonly root: string,
  ) {
    super(`refusing to write ${path}: it is outside the host root ${root}. Nothing was written.`);
  }
}

/** Files the command would create already exist, and --force was not given. */
export class ConflictError extends RefusedError {
  override readonly name = 'ConflictError';
  constructor(readonly paths: readonly string[]) {
    super(
      `${paths.length === 1 ? '1 file already exists' : `${paths.length} files already exist`}:\n` +
        paths.map((path) => `  ${path}\n`).join('') +
        'Nothing was written. Was this already generated? Pass --force to overwrite ' +
        '(add --dry-run to see the differences first).',
    );
  }
}

export interface SyntaxProblem {
  /** Relative to the host root. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A changed file does not parse back; writing it would break the host. */
export class InvalidOutputError extends RefusedError {
  override readonly name = 'InvalidOutputError';
  constructor(readonly problems: readonly SyntaxProblem[]) {
    super(
      'the generated code does not parse, so nothing was written:\n' +
        problems
          .map(
            (problem) =>
              `  ${problem.path}:${problem.line}:${problem.column}: ${problem.message}\n`,
          )
          .join('') +
        'If the file was already broken, fix it first; otherwise a template or patch is wrong, please report it.',
    );
  }
}

/**
 * The disk refused a write; everything already moved into place was put back. What could not
 * be is listed, and the journal kept, so the next run tries again.
 */
export class WriteFailedError extends RefusedError {
  override readonly name = 'WriteFailedError';
  constructor(
    readonly path: string,
    override readonly cause: unknown,
    readonly leftBehind: readonly string[] = [],
  ) {
    super(
      `could not write ${path}: ${cause instanceof Error ? cause.message : String(cause)}.\n` +
        (leftBehind.length === 0
          ? 'Nothing was written; fix the cause and run again.'
          : 'Undoing the other writes failed too; the next geo-gen run retries, or check these ' +
            'paths by hand:\n' +
            leftBehind.map((left) => `  ${left}\n`).join('')),
      { cause },
    );
  }
}

/** A file the plan was made from changed on disk before it was written (another program wrote it). */
export class ChangedOnDiskError extends RefusedError {
  override readonly name = 'ChangedOnDiskError';
  constructor(readonly paths: readonly string[]) {
    super(
      `${paths.length === 1 ? `${paths[0]} changed` : `${paths.length} files changed`} on disk ` +
        'while geo-gen was planning its change' +
        (paths.length === 1 ? '' : `:\n${paths.map((path) => `  ${path}\n`).join('')}`) +
        (paths.length === 1 ? '. ' : '') +
        'Nothing was written, so that change is kept; run the command again to plan from it.',
    );
  }
}

/** The journal of an interrupted run cannot be read, so geo-gen cannot tell what to undo. */
export class UnreadableJournalError extends RefusedError {
  override readonly name = 'UnreadableJournalError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(
      `${path} records an interrupted run but cannot be read: ${problem}.\n` +
        'The host may be half-written (look for files ending in .tmp or .bak next to their ' +
        'originals); compare it with version control, then delete that file and run again.',
    );
  }
}

/** Recovering an interrupted run failed part-way; its journal stays, so the next run retries. */
export class RecoveryFailedError extends RefusedError {
  override readonly name = 'RecoveryFailedError';
  constructor(
    readonly journal: string,
    readonly leftBehind: readonly string[],
  ) {
    super(
      'could not restore the host after an interrupted run; these paths could not be put back:\n' +
        leftBehind.map((path) => `  ${path}\n`).join('') +
        `Fix what stops it (permissions, a full disk) and run geo-gen again: ${journal} ` +
        'stays until the recovery succeeds.',
    );
  }
}
