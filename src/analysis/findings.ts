/** Every kind of problem `geo-gen check` reports, as `kind` in its JSON output. */
export const FINDING_KINDS = [
  'uploader-without-replicator',
  'repository-model-without-replicator',
  'unused-exception',
  'replicator-not-listed',
  'replicator-listed-twice',
  'listed-replicator-missing',
  'registry-missing',
  'registry-migration-missing',
  'feature-flag-missing',
  'graphql-field-missing',
  'graphql-entry-missing',
  'spec-missing',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** One problem, where it is, and how to fix it. */
export interface Finding {
  readonly kind: FindingKind;
  /** Relative to the host root. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** The class or list entry it is about, e.g. `AvatarUploader`. */
  readonly subject: string;
  readonly message: string;
  /** What to do, in words. */
  readonly fix: string;
  /** The geo-gen command that fixes it, when one does. */
  readonly command?: string;
}

/** Findings in the order they are printed: by file, then line, then kind. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
      compare(a.subject, b.subject),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
