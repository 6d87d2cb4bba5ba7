import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import type { PackageFile } from '../../app/models/package-file.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { GeoNodes } from '../sites/geo-nodes.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { HttpBlobDownloader } from '../transfer/http-blob-downloader.ts';
import { serve, type RunningServer } from '../transfer/serve.ts';
import { geoTransferRoutes } from '../transfer/transfer-routes.ts';
import { LogRecorder, type LogEntry } from './log-recorder.ts';

describeOnEachEngine('structured logs of a verification', (databases) => {
  const recorder = new LogRecorder();
  // Both sites share the options, so the records are told apart by verification_class: the
  // primary verifies PackageFile rows, the secondary PackageFileRegistry rows.
  const geo = useGeoSites(databases, {
    siteOptions: {
      fetchers: (site) => ({ blob: new HttpBlobDownloader(site) }),
      logger: recorder.logger('site', 'debug'),
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

  const transitions = (verificationClass: string) =>
    recorder
      .withMessage('Verification state transition')
      .filter((entry) => entry['verification_class'] === verificationClass)
      .map(transition);

  it('logs the primary’s checksum as a debug transition from started to succeeded', async () => {
    const file = await createOnPrimary('verified on the primary');
    recorder.entries.splice(0);
    expect((await file.replicator.verify()).kind).toBe('succeeded');
    expect(transitions('PackageFile')).toEqual([
      { model_record_id: file.id, from: 'started', to: 'succeeded', result: true, level: 'debug' },
    ]);
    expect(recorder.withMessage('Verification state transition')[0]).not.toHaveProperty(
      'registry_id',
    );
  });

  it('logs a failed checksum as a warning', async () => {
    const file = await createOnPrimary('gone before its checksum');
    await rm(String(file.file.path));
    recorder.entries.splice(0);
    await file.replicator.verify();
    expect(transitions('PackageFile')).toEqual([
      { model_record_id: file.id, from: 'started', to: 'failed', result: true, level: 'warn' },
    ]);
  });

  it('logs the verification of a copy with its registry’s id', async () => {
    const file = await createOnPrimary('verified on both sites');
    expect((await file.replicator.verify()).kind).toBe('succeeded');
    const secondary = new PackageFileReplicator(geo.secondary, { modelRecordId: file.id });
    expect((await secondary.sync()).kind).toBe('attempted');
    recorder.entries.splice(0);
    expect((await secondary.verify()).kind).toBe('succeeded');
    const [entry] = recorder
      .withMessage('Verification state transition')
      .filter((candidate) => candidate['verification_class'] === 'PackageFileRegistry');
    expect(entry).toMatchObject({
      level: 'debug',
      registry_id: expect.any(Number),
      model_record_id: file.id,
      from: 'started',
      to: 'succeeded',
      result: true,
    });
  });
});

function transition(entry: LogEntry) {
  return {
    model_record_id: entry['model_record_id'],
    from: entry['from'],
    to: entry['to'],
    result: entry['result'],
    level: entry['level'],
  };
}
