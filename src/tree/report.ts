import { PLAIN, paintChangeKind, paintDiff, type Palette } from '../colour.ts';
import { isBinary } from './content.ts';
import type { FileChange } from './tree.ts';

/**
 * One line per change, `CREATE app/models/cool-widget.ts`, in path order; the word coloured
 * when `palette` is ANSI (see `colour.ts`).
 */
export function changeList(changes: readonly FileChange[], palette: Palette = PLAIN): string {
  return changes
    .map((change) => `${paintChangeKind(change.kind, palette)} ${change.path}\n`)
    .join('');
}

/**
 * What `--dry-run` prints: the change list, then a unified diff for every updated file
 * (`a/` and `b/` prefixed, as git and patch expect). Loads the diff package only when needed.
 */
export async function dryRunReport(
  changes: readonly FileChange[],
  palette: Palette = PLAIN,
): Promise<string> {
  const updates = changes.flatMap((change) => (change.kind === 'UPDATE' ? [change] : []));
  if (updates.length === 0) return changeList(changes, palette);
  const { createTwoFilesPatch } = await import('diff');
  const diffs = updates.map((update) =>
    isBinary(update.content) || isBinary(update.before)
      ? `Binary file ${update.path} differs\n`
      : createTwoFilesPatch(
          `a/${update.path}`,
          `b/${update.path}`,
          update.before.toString('utf8'),
          update.content.toString('utf8'),
          undefined,
          undefined,
          { context: 3 },
        ),
  );
  return `${changeList(changes, palette)}\n${paintDiff(diffs.join('\n'), palette)}`;
}

/** The `--json` summary; paths are relative to the host root. Deletions appear only if any. */
export interface JsonSummary {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly deleted?: readonly string[];
}

export function jsonSummary(changes: readonly FileChange[]): JsonSummary {
  const pathsOf = (kind: FileChange['kind']): string[] =>
    changes.filter((change) => change.kind === kind).map((change) => change.path);
  const deleted = pathsOf('DELETE');
  return {
    created: pathsOf('CREATE'),
    updated: pathsOf('UPDATE'),
    ...(deleted.length > 0 ? { deleted } : {}),
  };
}
