import type { CheckContext } from './context.ts';
import { sortFindings, type Finding } from './findings.ts';
import { checkRegistryFieldEntries } from './rules/registry-fields.ts';
import { checkReplicatorList } from './rules/replicator-list.ts';
import { checkUploaders, type ExceptedUploader } from './rules/uploaders.ts';
import { checkWiring } from './rules/wiring.ts';

/** What one check of a host found. */
export interface CheckResult {
  /** Absolute. */
  readonly root: string;
  /** Sorted by file and line. */
  readonly findings: readonly Finding[];
  readonly excepted: readonly ExceptedUploader[];
  readonly checked: { readonly uploaders: number; readonly replicators: number };
}

/** Runs every rule over one scan of the host. */
export function runChecks(context: CheckContext): CheckResult {
  const uploaders = checkUploaders(context);
  return {
    root: context.host.root,
    findings: sortFindings([
      ...uploaders.findings,
      ...checkReplicatorList(context),
      ...checkRegistryFieldEntries(context),
      ...checkWiring(context),
    ]),
    excepted: uploaders.excepted,
    checked: {
      uploaders: context.scan.uploaders.length,
      replicators: context.scan.replicators.length,
    },
  };
}
