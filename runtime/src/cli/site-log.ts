import type { GeoLogger } from '../log/logger.ts';
import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import type { SiteJob, SiteRunnerEvent } from '../site-runner/site-runner.ts';

/** Jobs about one record; recurring jobs run every few seconds and are logged only when they fail. */
const RECORD_JOBS: ReadonlySet<string> = new Set<keyof GeoJobs>([
  'geo_event',
  'geo_sync',
  'geo_repository_sync',
]);

/**
 * Logs one site runner event as a record of the site's logger (nothing for those not worth one).
 * Each record's `event` field names its kind (`job-started`, `cursor-processed`, …), so that a
 * collector or a test selects them by field, never by parsing the message.
 *
 * @example
 * logSiteEvent(logger, { kind: 'job-started', job: { id: 'sync.package_file.7', name: 'geo_sync',
 *   data: { replicable_name: 'package_file', model_record_id: 7 } } });
 * // → {"level":"info",…,"event":"job-started","job":"geo_sync","job_id":"sync.package_file.7",
 * //    "replicable_name":"package_file","model_record_id":7,"message":"Job started"}
 */
export function logSiteEvent(logger: GeoLogger, event: SiteRunnerEvent): void {
  switch (event.kind) {
    case 'job-started':
      if (RECORD_JOBS.has(event.job.name))
        logger.info({ event: 'job-started', ...jobFields(event.job) }, 'Job started');
      return;
    case 'job-completed':
      if (RECORD_JOBS.has(event.job.name))
        logger.info(
          { event: 'job-completed', ...jobFields(event.job), duration_ms: event.ms },
          'Job completed',
        );
      return;
    case 'job-failed':
      logger.error(
        { event: 'job-failed', job: event.name, error: event.error.message },
        'Job failed',
      );
      return;
    case 'orphaned-download': {
      const { download } = event;
      logger.info(
        {
          event: 'orphaned-download',
          replicable_name: download.replicableName,
          model_record_id: download.modelRecordId,
          retry_count: download.retryCount,
          retry_at: download.retryAt.toISOString(),
          temp_files_removed: download.tempFilesRemoved,
        },
        'Recovered a sync from a worker that stopped mid-download',
      );
      return;
    }
    case 'git-refused':
      logger.info(
        {
          event: 'git-refused',
          full_path: event.refusal.fullPath,
          reason: event.refusal.failure,
        },
        "Git refused a secondary's request",
      );
      return;
    case 'git-error':
      logger.error({ event: 'git-error', error: event.error.message }, 'Git request failed');
      return;
    case 'cursor':
      switch (event.cycle.kind) {
        case 'initialized':
          logger.info(
            { event: 'cursor-initialized', event_id: event.cycle.at },
            'Log cursor initialized',
          );
          return;
        case 'processed':
          if (event.cycle.events > 0)
            logger.info(
              {
                event: 'cursor-processed',
                events: event.cycle.events,
                event_id: event.cycle.position,
              },
              'Log cursor queued events',
            );
          return;
        case 'lease-lost':
          logger.warn(
            { event: 'cursor-lease-lost' },
            'Log cursor lost its lease; another process of this site may take over',
          );
          return;
        case 'standby':
          return;
      }
  }
}

/** The job's name and id, and the record it is about (an event's name too). */
function jobFields(job: SiteJob): Record<string, string | number> {
  const data = job.data as Partial<GeoJobs['geo_event'] & GeoJobs['geo_sync']>;
  const id = data.model_record_id ?? data.payload?.['model_record_id'];
  return {
    job: job.name,
    job_id: job.id,
    ...(data.replicable_name !== undefined && { replicable_name: data.replicable_name }),
    ...(typeof id === 'number' && { model_record_id: id }),
    ...(data.event_name !== undefined && { event_name: data.event_name }),
  };
}
