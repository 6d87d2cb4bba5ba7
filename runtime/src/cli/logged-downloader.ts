import type {
  BlobDownloader,
  BlobDownloadResult,
  BlobReplicator,
} from '../replicator/blob-replicator.ts';

/**
 * A `BlobDownloader` that says what it does, one line when a download begins and one when it
 * ends, so that the log of each process shows which downloads it did (and an operator, or a
 * test, can tell the processes of one site apart).
 */
export class LoggedDownloader implements BlobDownloader {
  constructor(
    private readonly inner: BlobDownloader,
    private readonly log: (line: string) => void,
  ) {}

  async download(replicator: BlobReplicator): Promise<BlobDownloadResult> {
    const subject = `${replicator.replicableName}/${replicator.modelRecordId}`;
    const started = Date.now();
    this.log(`download started ${subject}`);
    const result = await this.inner.download(replicator);
    this.log(`download ${result.kind} ${subject} ${detailOf(result)}in ${Date.now() - started} ms`);
    return result;
  }
}

/** `download synced package_file/7 (1024 bytes) in 12 ms`: the detail in brackets. */
function detailOf(result: BlobDownloadResult): string {
  switch (result.kind) {
    case 'synced':
      return `(${result.bytes} bytes) `;
    case 'already-present':
      return '(the file was already here; verification decides) ';
    case 'failed':
      return `(${result.reason}) `;
    case 'reset-mid-sync':
      return `(marked ${result.state} meanwhile; the copy waits for the next sync) `;
    case 'skipped':
      return `(${result.reason}) `;
  }
}
