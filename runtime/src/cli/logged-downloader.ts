import type { GeoLogger } from '../log/logger.ts';
import type {
  BlobDownloader,
  BlobDownloadResult,
  BlobReplicator,
} from '../replicator/blob-replicator.ts';

/**
 * A `BlobDownloader` that says what it does, one record when a download begins
 * (`event: 'download-started'`) and one when it ends (`download-ended`, with its `result`), so
 * that the log of each process shows which downloads it did (and an operator, or a test, can
 * tell the processes of one site apart).
 */
export class LoggedDownloader implements BlobDownloader {
  constructor(
    private readonly inner: BlobDownloader,
    private readonly logger: GeoLogger,
  ) {}

  async download(replicator: BlobReplicator): Promise<BlobDownloadResult> {
    const subject = {
      replicable_name: replicator.replicableName,
      model_record_id: replicator.modelRecordId,
    };
    const started = Date.now();
    this.logger.info({ event: 'download-started', ...subject }, 'Download started');
    const result = await this.inner.download(replicator);
    this.logger.info(
      {
        event: 'download-ended',
        ...subject,
        result: result.kind,
        ...detailOf(result),
        duration_ms: Date.now() - started,
      },
      'Download ended',
    );
    return result;
  }
}

/** What the result adds: the bytes of a copy, why one failed or was skipped. */
function detailOf(result: BlobDownloadResult): Record<string, string | number> {
  switch (result.kind) {
    case 'synced':
      return { bytes: result.bytes };
    case 'already-present':
      return { detail: 'the file was already here; verification decides' };
    case 'failed':
      return { reason: result.reason };
    case 'reset-mid-sync':
      return { state: result.state, detail: 'the copy waits for the next sync' };
    case 'skipped':
      return { reason: result.reason };
  }
}
