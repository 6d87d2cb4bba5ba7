import { sortFindings, type Finding } from '../../analysis/findings.ts';
import { WIRING_POINTS } from '../../wiring/index.ts';
import type { CheckContext } from './context.ts';
import { CheckCouldNotRunError } from './errors.ts';
import { checkRepositoryModels } from './rules/repository-models.ts';
import { checkUploaders, type ExceptedUploader } from './rules/uploaders.ts';
import { checkWiring } from './rules/wiring.ts';

/** What one check of a host found. */
export interface CheckResult {
  /** Absolute. */
  readonly root: string;
  /** Sorted by file and line. */
  readonly findings: readonly Finding[];
  readonly excepted: readonly ExceptedUploader[];
  readonly checked: {
    readonly uploaders: number;
    readonly repositoryModels: number;
    readonly replicators: number;
  };
}

/**
 * Runs every rule over one scan of the host: the uploaders and repository models, each
 * replicator's own files, and every wiring point that checks. A wiring point that cannot tell
 * (its list is not where the configuration says) stops the check: CheckCouldNotRunError, not a
 * finding.
 */
export function runChecks(context: CheckContext): CheckResult {
  const wired: Finding[] = [];
  for (const point of WIRING_POINTS) {
    const verdict = point.check?.(context);
    if (verdict?.kind === 'cannot-tell') throw new CheckCouldNotRunError(verdict.why);
    if (verdict !== undefined) wired.push(...verdict.findings);
  }
  const uploaders = checkUploaders(context);
  return {
    root: context.host.root,
    findings: sortFindings([
      ...uploaders.findings,
      ...checkRepositoryModels(context),
      ...wired,
      ...checkWiring(context),
    ]),
    excepted: uploaders.excepted,
    checked: {
      uploaders: context.scan.uploaders.length,
      repositoryModels: context.scan.repositoryModels.length,
      replicators: context.scan.replicators.length,
    },
  };
}
