import { PLAIN, type Palette } from '../colour.ts';
import type { TextOutput } from '../io.ts';
import { ConflictError } from '../tree/errors.ts';
import type { WriteSteps } from '../tree/crash-hook.ts';
import { flush, type FlushFs } from '../tree/flush.ts';
import { formatChanges } from '../tree/format.ts';
import { changeList, dryRunReport, jsonSummary } from '../tree/report.ts';
import type { FileChange, Tree } from '../tree/tree.ts';
import { validateChanges } from '../tree/validate.ts';

export interface FinishOptions {
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly json: boolean;
  /** Files rendered from templates and left so by patches: formatted already (tree/format.ts). */
  readonly templateOutput?: ReadonlySet<string>;
  /** Results: the change list, the diffs, or the JSON object. */
  readonly stdout: TextOutput;
  /** Messages and warnings. */
  readonly stderr: TextOutput;
  /** Colours for the change list and diffs on stdout; none by default. */
  readonly palette?: Palette;
  readonly fs?: FlushFs;
  /** The session's write steps (see `withHostSession`). */
  readonly steps?: WriteSteps;
  /** What the user must know about the final changes, if anything (see ChangeNote). */
  readonly noteOn?: (changes: readonly FileChange[], dryRun: boolean) => ChangeNote | undefined;
}

/** Something to tell about the changes once final: a note on stderr, the same in `--json`. */
export interface ChangeNote {
  /** Printed as `note: <message>`, and the JSON object's `note`. */
  readonly message: string;
  /** More keys of the JSON object, e.g. the paths the note names. */
  readonly json: Readonly<Record<string, readonly string[]>>;
}

/** What a generator run did: wrote its changes, or (dry run) only showed them. */
export type GenerateOutcome =
  | { readonly kind: 'written'; readonly changes: readonly FileChange[] }
  | { readonly kind: 'planned'; readonly changes: readonly FileChange[] };

/**
 * The end of every generator, once its changes are planned in the Tree: refuse conflicts
 * (unless --force), format the changed files with the host's prettier config, parse them back,
 * then either print the plan (--dry-run) or write it all at once. With --json, stdout gets
 * exactly one JSON object and everything else goes to stderr.
 */
export async function finish(tree: Tree, options: FinishOptions): Promise<GenerateOutcome> {
  const conflicts = tree.conflicts();
  if (conflicts.length > 0 && !options.force) throw new ConflictError(conflicts);
  const warn = (message: string): void => void options.stderr.write(`warning: ${message}\n`);
  const palette = options.palette ?? PLAIN;
  await formatChanges(tree, warn, options.templateOutput);
  await validateChanges(tree);

  if (options.dryRun) {
    const changes = tree.changes();
    const note = options.noteOn?.(changes, true);
    options.stdout.write(options.json ? json(changes, note) : await dryRunReport(changes, palette));
    options.stderr.write(`dry run: ${count(changes)} planned in ${tree.root}, nothing written\n`);
    printNote(options.stderr, note);
    return { kind: 'planned', changes };
  }
  const changes = await flush(tree, {
    force: options.force,
    ...(options.fs ? { fs: options.fs } : {}),
    ...(options.steps ? { steps: options.steps } : {}),
  });
  const note = options.noteOn?.(changes, false);
  options.stdout.write(options.json ? json(changes, note) : changeList(changes, palette));
  options.stderr.write(
    changes.length === 0
      ? `nothing to change in ${tree.root}\n`
      : `wrote ${count(changes)} in ${tree.root}\n`,
  );
  printNote(options.stderr, note);
  return { kind: 'written', changes };
}

function json(changes: readonly FileChange[], note: ChangeNote | undefined): string {
  const extra = note === undefined ? {} : { ...note.json, note: note.message };
  return `${JSON.stringify({ ...jsonSummary(changes), ...extra })}\n`;
}

function printNote(stderr: TextOutput, note: ChangeNote | undefined): void {
  if (note !== undefined) stderr.write(`note: ${note.message}\n`);
}

function count(changes: readonly FileChange[]): string {
  return changes.length === 1 ? '1 file' : `${changes.length} files`;
}
