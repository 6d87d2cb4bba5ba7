import type { GeoLogger } from '../log/logger.ts';
import type {
  RepositoryFetcher,
  RepositoryReplicator,
  RepositorySyncResult,
} from '../replicator/repository-replicator.ts';

/**
 * A `RepositoryFetcher` that says what it does, one record when a repository sync begins
 * (`event: 'repository-sync-started'`) and one when it ends (`repository-sync-ended`, with its
 * `result`), as `LoggedDownloader` does for downloads, so that the log of each process shows
 * which repositories it synced and why one failed.
 */
export class LoggedRepositoryFetcher implements RepositoryFetcher {
  constructor(
    private readonly inner: RepositoryFetcher,
    private readonly logger: GeoLogger,
  ) {}

  async fetch(replicator: RepositoryReplicator): Promise<RepositorySyncResult> {
    const subject = {
      replicable_name: replicator.replicableName,
      model_record_id: replicator.modelRecordId,
    };
    const started = Date.now();
    this.logger.info({ event: 'repository-sync-started', ...subject }, 'Repository sync started');
    const result = await this.inner.fetch(replicator);
    this.logger.info(
      {
        event: 'repository-sync-ended',
        ...subject,
        result: result.kind,
        ...detailOf(result),
        duration_ms: Date.now() - started,
      },
      'Repository sync ended',
    );
    return result;
  }
}

/** What the result adds: how a repository was synced, why a sync failed or was skipped. */
export function detailOf(result: RepositorySyncResult): Record<string, string> {
  switch (result.kind) {
    case 'synced':
      return {
        how: result.how,
        refs_checksum: result.refsChecksum,
        ...(result.housekeeping.kind === 'failed' && {
          housekeeping_error: result.housekeeping.message,
        }),
      };
    case 'missing-on-primary':
      return { detail: 'the primary has no such repository: synced as missing on the primary' };
    case 'failed': {
      const error = result.details['error'];
      return { reason: result.reason, ...(error !== undefined && { error: String(error) }) };
    }
    case 'deleted-meanwhile':
      return { detail: 'deleted on the primary meanwhile: its copy removed' };
    case 'reset-mid-sync':
      return { state: result.state, detail: 'it syncs again' };
    case 'skipped':
      return { reason: result.reason };
  }
}
