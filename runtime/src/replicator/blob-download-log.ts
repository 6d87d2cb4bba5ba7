import type { GeoLogger } from '../log/logger.ts';
import type { BlobDownloadResult } from './blob-replicator.ts';

/**
 * Logs one download as `Geo::BlobDownloadService#log_download` does: message `Blob download`,
 * its fields named as GitLab's (`download_success`, `bytes_downloaded`, `download_time_s`,
 * `reason`, …) so that existing dashboards and queries keep working, plus the failure's details
 * (status code, URL, error). A failure is a warning; a download nobody attempted (another worker
 * holds it, not a secondary) only a debug line, as the original logs none.
 */
export function logBlobDownload(
  logger: GeoLogger,
  subject: { readonly replicableName: string; readonly modelRecordId: number },
  result: BlobDownloadResult,
  seconds: number,
): void {
  const fields = {
    replicable_name: subject.replicableName,
    model_record_id: subject.modelRecordId,
    download_time_s: Math.round(seconds * 1000) / 1000,
  };
  switch (result.kind) {
    case 'synced':
    case 'already-present':
      logger.info(
        {
          ...fields,
          mark_as_synced: true,
          download_success: true,
          bytes_downloaded: result.kind === 'synced' ? result.bytes : 0,
          primary_missing_file: false,
          ...(result.kind === 'already-present' && { skipped: true }),
        },
        'Blob download',
      );
      return;
    case 'failed':
      logger.warn(
        {
          ...result.details,
          ...fields,
          mark_as_synced: false,
          download_success: false,
          bytes_downloaded: 0,
          primary_missing_file: result.missingOnPrimary,
          reason: result.reason,
        },
        'Blob download',
      );
      return;
    case 'reset-mid-sync':
      // The transfer worked; the registry was marked for resync meanwhile and stays so.
      logger.info(
        {
          ...fields,
          mark_as_synced: false,
          download_success: true,
          primary_missing_file: false,
          reason: `Marked ${result.state} during the download`,
        },
        'Blob download',
      );
      return;
    case 'skipped':
      logger.debug({ ...fields, skipped: true, reason: result.reason }, 'Blob download');
      return;
  }
}
