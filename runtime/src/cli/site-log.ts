import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import type { SiteJob, SiteRunnerEvent } from '../site-runner/site-runner.ts';

export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** Jobs about one record; recurring jobs run every few seconds and are logged only when they fail. */
const RECORD_JOBS: ReadonlySet<string> = new Set<keyof GeoJobs>([
  'geo_event',
  'geo_sync',
  'geo_repository_sync',
]);

/**
 * The log line of one site runner event, or undefined for those not worth a line. Lines start
 * with a fixed word (`job`, `cursor`, `recovered`) so that they are easy to grep.
 *
 * @example
 * siteEventLine({ kind: 'job-started', job: { id: 'sync.package_file.7', name: 'geo_sync',
 *   data: { replicable_name: 'package_file', model_record_id: 7 } } });
 * // → { stream: 'stdout', text: 'job started geo_sync sync.package_file.7 package_file/7' }
 */
export function siteEventLine(event: SiteRunnerEvent): LogLine | undefined {
  switch (event.kind) {
    case 'job-started':
      return RECORD_JOBS.has(event.job.name)
        ? out(`job started ${event.job.name} ${event.job.id} ${subjectOf(event.job)}`)
        : undefined;
    case 'job-completed':
      return RECORD_JOBS.has(event.job.name)
        ? out(
            `job completed ${event.job.name} ${event.job.id} ${subjectOf(event.job)} in ${event.ms} ms`,
          )
        : undefined;
    case 'job-failed':
      return { stream: 'stderr', text: `job failed ${event.name}: ${event.error.message}` };
    case 'orphaned-download': {
      const { download } = event;
      const due =
        download.retryAt.getTime() <= Date.now()
          ? 'retrying now'
          : `retrying at ${download.retryAt.toISOString()}`;
      return out(
        `recovered ${download.replicableName}/${download.modelRecordId} from a worker that stopped mid-download: ` +
          `failed (retry ${download.retryCount}), ${due}, ${download.tempFilesRemoved} temporary file(s) removed`,
      );
    }
    case 'git-refused':
      return out(
        `git refused a secondary's request for ${event.refusal.fullPath}: ${event.refusal.failure}`,
      );
    case 'git-error':
      return { stream: 'stderr', text: `git request failed: ${event.error.message}` };
    case 'cursor':
      switch (event.cycle.kind) {
        case 'initialized':
          return out(`cursor initialized at event ${event.cycle.at}`);
        case 'processed':
          return event.cycle.events === 0
            ? undefined
            : out(`cursor queued ${event.cycle.events} event(s), now at ${event.cycle.position}`);
        case 'lease-lost':
          return out('cursor lost its lease; another process of this site may take over');
        case 'standby':
          return undefined;
      }
  }
}

function out(text: string): LogLine {
  return { stream: 'stdout', text };
}

/** `created package_file/7` for an event, `package_file/7` for a sync. */
function subjectOf(job: SiteJob): string {
  const data = job.data as Partial<GeoJobs['geo_event'] & GeoJobs['geo_sync']>;
  const id = data.model_record_id ?? data.payload?.['model_record_id'];
  const subject = `${data.replicable_name ?? '?'}/${typeof id === 'number' ? id : '?'}`;
  return data.event_name ? `${data.event_name} ${subject}` : subject;
}
