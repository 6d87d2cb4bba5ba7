import { describe, expect, it } from 'vitest';
import { LogRecorder } from '../log/log-recorder.ts';
import { logSiteEvent } from './site-log.ts';

describe('logSiteEvent', () => {
  it("logs a record job's start and end with its name, id, record and duration", () => {
    const recorder = new LogRecorder();
    const logger = recorder.logger('secondary');
    const job = {
      id: 'sync.package_file.7',
      name: 'geo_sync' as const,
      data: { replicable_name: 'package_file', model_record_id: 7 },
    };
    logSiteEvent(logger, { kind: 'job-started', job });
    logSiteEvent(logger, { kind: 'job-completed', job, ms: 12 });
    expect(recorder.entries).toEqual([
      expect.objectContaining({
        level: 'info',
        site: 'secondary',
        event: 'job-started',
        job: 'geo_sync',
        job_id: 'sync.package_file.7',
        replicable_name: 'package_file',
        model_record_id: 7,
        message: 'Job started',
      }),
      expect.objectContaining({ event: 'job-completed', job_id: job.id, duration_ms: 12 }),
    ]);
  });

  it('logs a failed job as an error, and leaves recurring jobs and idle cursors out', () => {
    const recorder = new LogRecorder();
    const logger = recorder.logger('secondary');
    logSiteEvent(logger, {
      kind: 'job-started',
      job: { id: 'metrics', name: 'geo_metrics', data: {} },
    });
    logSiteEvent(logger, { kind: 'cursor', cycle: { kind: 'standby', retryInMs: 10 } });
    logSiteEvent(logger, {
      kind: 'cursor',
      cycle: { kind: 'processed', events: 0, gapsFilled: 0, position: 3 },
    });
    logSiteEvent(logger, {
      kind: 'job-failed',
      name: 'geo_verification',
      error: new Error('checksum failed'),
    });
    expect(recorder.entries).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'job-failed',
        job: 'geo_verification',
        error: 'checksum failed',
      }),
    ]);
  });
});
