import type { DanglingImport } from './dangling-imports.ts';
import { isDeleted, type FileVerdict } from './judge.ts';
import type { Reverted } from '../../wiring/wiring-point.ts';

export interface RemoveReport {
  readonly dataType: string;
  readonly root: string;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly verdicts: readonly FileVerdict[];
  readonly reverted: readonly Reverted[];
  readonly dangling: readonly DanglingImport[];
}

/** What `geo-gen remove` tells the user on stderr besides the change list: what it kept, and why. */
export function removeSummary(report: RemoveReport): string {
  const { verdicts, dryRun, force } = report;
  if (verdicts.length === 0 && report.reverted.length === 0) {
    return `nothing of ${report.dataType} found in ${report.root}: no generated file, list entry or docs row\n`;
  }
  const deleted = verdicts.filter((verdict) => isDeleted(verdict, force));
  const changed = verdicts.filter((verdict) => verdict.kind === 'changed' && !force);
  const notGenerated = verdicts.filter((verdict) => verdict.kind === 'not-generated');
  const lines = [
    dryRun
      ? `removing ${report.dataType} would delete ${count(deleted.length, 'generated file')} and ` +
        `take it out of ${count(report.reverted.length, 'patched file')}`
      : `removed ${report.dataType}: deleted ${count(deleted.length, 'generated file')} and took ` +
        `it out of ${count(report.reverted.length, 'patched file')}`,
    ...report.reverted.map((entry) => `  ${entry.path}: ${entry.what}`),
    ...changed.map(
      (verdict) =>
        `kept ${verdict.path}: changed since geo-gen generated it; pass --force to delete it too`,
    ),
    ...(notGenerated.length === 0
      ? []
      : [
          `kept ${notGenerated.map((verdict) => verdict.path).join(', ')}: the model is not the ` +
            'one geo-gen generates, so these may predate the generator; never deleted, even with ' +
            "--force (delete them by hand if they are geo-gen's)",
        ]),
    ...danglingNotes(report.dangling, dryRun),
  ];
  return `${lines.join('\n')}\n`;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** One note per kept file whose imports point at deleted files. */
function danglingNotes(dangling: readonly DanglingImport[], dryRun: boolean): string[] {
  const byFile = new Map<string, string[]>();
  for (const entry of dangling)
    byFile.set(entry.file, [...(byFile.get(entry.file) ?? []), entry.imports]);
  return [...byFile].map(
    ([file, targets]) =>
      `note: ${file} (kept) imports ${targets.join(', ')}, ${dryRun ? 'to be deleted' : 'now deleted'}; ` +
      'fix or delete it',
  );
}
