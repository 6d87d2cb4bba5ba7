import { afterEach, beforeEach, expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import type { PackageFile } from '../../app/models/package-file.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { GeoJobs } from '../site-runner/geo-jobs.ts';
import { syncJobId } from '../site-runner/geo-jobs.ts';
import { SiteRunner } from '../site-runner/site-runner.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { HttpBlobDownloader } from '../transfer/http-blob-downloader.ts';
import { serve, type RunningServer } from '../transfer/serve.ts';
import { geoTransferRoutes } from '../transfer/transfer-routes.ts';
import { LogRecorder, type LogEntry } from './log-recorder.ts';
import { withLogContext } from './logger.ts';

const MINUTE = 60_000;

describeOnEachEngine('structured logs of a sync', (databases) => {
  const recorder = new LogRecorder();
  // Both test sites share the options; only the secondary downloads, so every line is its own.
  const geo = useGeoSites(databases, {
    siteOptions: {
      fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }),
      logger: recorder.logger('secondary', 'debug'),
    },
  });
  let primary: RunningServer | undefined;

  beforeEach(async () => {
    recorder.entries.splice(0);
    primary = await serve(
      geoTransferRoutes({ site: geo.primary, replicatorClasses: REPLICATOR_CLASSES }),
    );
    await new GeoNodes(databases.main).update('primary', { internalUrl: primary.url });
    await geo.primary.flags.enable('geo_package_file_replication');
  });
  afterEach(async () => {
    await primary?.close();
  });

  const createOnPrimary = (content: string): Promise<PackageFile> =>
    packageFileFactory.transient({ site: geo.primary }).create({ fileContent: content });

  it('logs a job’s download as GitLab does, with the site, the record and the job’s correlation id on every line', async () => {
    const content = 'x'.repeat(1000);
    const file = await createOnPrimary(content);
    const queue = new InProcessQueue<GeoJobs>({ concurrency: 1 });
    const runner = await new SiteRunner({
      site: geo.secondary,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      queue,
      intervals: {
        metrics: MINUTE,
        verification: MINUTE,
        syncScheduler: MINUTE,
        registryConsistency: MINUTE,
        timeouts: MINUTE,
      },
      logCursor: false,
    }).start();
    try {
      await queue.add(
        'geo_sync',
        { replicable_name: 'package_file', model_record_id: file.id },
        { jobId: syncJobId('package_file', file.id) },
      );
      await until(() => recorder.withMessage('Blob download').length > 0);
    } finally {
      await runner.close();
    }

    const [download] = recorder.withMessage('Blob download');
    expect(download).toEqual({
      level: 'info',
      time: expect.any(String),
      site: 'secondary',
      correlation_id: expect.any(String),
      job: 'geo_sync',
      job_id: syncJobId('package_file', file.id),
      replicable_name: 'package_file',
      model_record_id: file.id,
      mark_as_synced: true,
      download_success: true,
      bytes_downloaded: 1000,
      primary_missing_file: false,
      download_time_s: expect.any(Number),
      message: 'Blob download',
    });
    const correlationId = download?.['correlation_id'];
    expect(String(correlationId)).toHaveLength(32);
    expect(Number(download?.['download_time_s'])).toBeGreaterThanOrEqual(0);
    // The state transitions of that job carry the same correlation id.
    expect(recorder.withMessage('Sync state transition').map(transition)).toEqual([
      {
        from: 'pending',
        to: 'started',
        result: true,
        level: 'debug',
        correlation_id: correlationId,
      },
      {
        from: 'started',
        to: 'synced',
        result: true,
        level: 'debug',
        correlation_id: correlationId,
      },
    ]);
  });

  it('logs a job that fails as an error, with its correlation id and record', async () => {
    const queue = new InProcessQueue<GeoJobs>({ concurrency: 1 });
    const runner = await new SiteRunner({
      site: geo.secondary,
      replicatorClasses: REPLICATOR_CLASSES,
      registryFields: GEO_NODE_REGISTRY_FIELDS,
      queue,
      intervals: {
        metrics: MINUTE,
        verification: MINUTE,
        syncScheduler: MINUTE,
        registryConsistency: MINUTE,
        timeouts: MINUTE,
      },
      logCursor: false,
    }).start();
    try {
      await queue.add('geo_sync', { replicable_name: 'no_such_thing', model_record_id: 3 });
      await until(() => recorder.withMessage('Job failed').length > 0);
    } finally {
      await runner.close();
    }
    expect(recorder.withMessage('Job failed')).toEqual([
      expect.objectContaining({
        level: 'error',
        site: 'secondary',
        job: 'geo_sync',
        replicable_name: 'no_such_thing',
        model_record_id: 3,
        correlation_id: expect.any(String),
        error: "No replicator for 'no_such_thing' in REPLICATOR_CLASSES; skipping the job.",
      }),
    ]);
  });

  it('logs a failed download as a warning with success false and the reason, and the failed transition', async () => {
    const file = await createOnPrimary('unreachable');
    await primary?.close();
    await withLogContext({ correlation_id: 'attempt-1' }, () =>
      new PackageFileReplicator(geo.secondary, { modelRecordId: file.id }).sync(),
    );

    expect(recorder.withMessage('Blob download')).toEqual([
      expect.objectContaining({
        level: 'warn',
        site: 'secondary',
        correlation_id: 'attempt-1',
        replicable_name: 'package_file',
        model_record_id: file.id,
        mark_as_synced: false,
        download_success: false,
        bytes_downloaded: 0,
        primary_missing_file: false,
        reason: 'Error downloading file',
        url: expect.any(String),
        error: expect.any(String),
      }),
    ]);
    expect(recorder.withMessage('Sync state transition').map(transition)).toEqual([
      { from: 'pending', to: 'started', result: true, level: 'debug', correlation_id: 'attempt-1' },
      { from: 'started', to: 'failed', result: true, level: 'warn', correlation_id: 'attempt-1' },
    ]);
  });
});

function transition(entry: LogEntry) {
  return {
    from: entry['from'],
    to: entry['to'],
    result: entry['result'],
    level: entry['level'],
    correlation_id: entry['correlation_id'],
  };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Not logged within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
