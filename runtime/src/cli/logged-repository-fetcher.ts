import type {
  RepositoryFetcher,
  RepositoryReplicator,
  RepositorySyncResult,
} from '../replicator/repository-replicator.ts';

/**
 * A `RepositoryFetcher` that says what it does, one line when a repository sync begins and one
 * when it ends, as `LoggedDownloader` does for downloads, so that the log of each process shows
 * which repositories it synced and why one failed.
 */
export class LoggedRepositoryFetcher implements RepositoryFetcher {
  constructor(
    private readonly inner: RepositoryFetcher,
    private readonly log: (line: string) => void,
  ) {}

  async fetch(replicator: RepositoryReplicator): Promise<RepositorySyncResult> {
    const subject = `${replicator.replicableName}/${replicator.modelRecordId}`;
    const started = Date.now();
    this.log(`repository sync started ${subject}`);
    const result = await this.inner.fetch(replicator);
    this.log(
      `repository sync ${result.kind} ${subject} ${detailOf(result)}in ${Date.now() - started} ms`,
    );
    return result;
  }
}

/** `repository sync synced project_repository/7 (cloned, refs 3f2a…) in 812 ms`: the detail in brackets. */
export function detailOf(result: RepositorySyncResult): string {
  switch (result.kind) {
    case 'synced': {
      const housekeeping =
        result.housekeeping.kind === 'failed'
          ? `; git gc failed: ${result.housekeeping.message}`
          : '';
      return `(${result.how}, refs ${result.refsChecksum.slice(0, 12)}${housekeeping}) `;
    }
    case 'missing-on-primary':
      return '(the primary has no such repository: synced as missing on the primary) ';
    case 'failed': {
      const error = result.details['error'];
      return `(${result.reason}${error === undefined ? '' : `: ${error}`}) `;
    }
    case 'deleted-meanwhile':
      return '(deleted on the primary meanwhile: its copy removed) ';
    case 'reset-mid-sync':
      return `(marked ${result.state} meanwhile; it syncs again) `;
    case 'skipped':
      return `(${result.reason}) `;
  }
}
