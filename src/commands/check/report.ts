import { relative, sep } from 'node:path';
import type { CheckResult } from './run-checks.ts';

/**
 * The findings for a person: `file:line  kind`, what is wrong, what to do and the command that
 * does it. Paths are relative to `cwd`, so a terminal or CI log can open them.
 */
export function textReport(result: CheckResult, cwd: string): string {
  const where = (file: string, line: number): string =>
    `${relative(cwd, `${result.root}${sep}${file}`).split(sep).join('/')}:${line}`;
  const findings = result.findings.map(
    (finding) =>
      `${where(finding.file, finding.line)}  ${finding.kind}\n` +
      `  ${finding.message}\n` +
      `  fix: ${finding.fix}\n` +
      (finding.command === undefined ? '' : `  run: ${finding.command}\n`),
  );
  const excepted = result.excepted.map(
    (entry) => `${where(entry.file, entry.line)}  excepted: ${entry.uploader}: ${entry.reason}\n`,
  );
  return [...findings, ...(excepted.length > 0 ? [excepted.join('')] : [])].join('\n');
}

/** The one-line verdict for stderr when nothing was found. */
export function cleanSummary(result: CheckResult): string {
  const { uploaders, repositoryModels, replicators } = result.checked;
  const excepted =
    result.excepted.length === 0 ? '' : `, ${plural(result.excepted.length, 'uploader')} excepted`;
  return (
    `check passed: ${plural(uploaders, 'uploader')}, ` +
    `${plural(repositoryModels, 'repository model')} and ${plural(replicators, 'replicator')} ` +
    `in ${result.root}, all wired${excepted}\n`
  );
}

/** `--json`: the whole result as one object; paths relative to `root`. */
export function jsonReport(result: CheckResult): string {
  return `${JSON.stringify({
    ok: result.findings.length === 0,
    root: result.root,
    checked: result.checked,
    findings: result.findings,
    excepted: result.excepted,
  })}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
