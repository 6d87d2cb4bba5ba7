import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { BlobModel } from '../../model/blob-model.ts';
import {
  FileNotChecksummableError,
  type BlobReplicatorClass,
} from '../../replicator/blob-replicator.ts';
import { UnsupportedEventError } from '../../replicator/events.ts';
import type { ReplicatorClass } from '../../replicator/replicator.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import { VERIFICATION_STATES } from '../../states/verification-state.ts';
import { checksumFromBytes } from '../../verification/checksum.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';
import { eventsOf, verificationColumns } from './inspect.ts';

/** What the replicator examples need: the class, the sites, and a way to create a record on the primary. */
export interface ReplicatorExamplesOptions<M extends BlobModel = BlobModel> {
  readonly replicator: ReplicatorClass;
  readonly geo: GeoTestSites;
  /** Creates one persisted record with a file on `site` (the primary). */
  readonly createRecord: (site: GeoSite, content?: string) => Promise<M>;
}

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

async function enableReplication({ replicator, geo }: ReplicatorExamplesOptions): Promise<void> {
  await geo.primary.flags.enable(replicator.replicationFeatureFlag);
}

/** `it_behaves_like 'a replicator'`: naming, model wiring, the flag, publishing and consuming. */
export function itBehavesLikeAReplicator(options: ReplicatorExamplesOptions): void {
  const { replicator, geo, createRecord } = options;

  describe('a replicator', () => {
    it('derives its names from its class name', () => {
      const base = replicator.name.replace(/Replicator$/, '');
      expect(replicator.replicableName).toBe(
        base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(),
      );
      expect(replicator.replicationFeatureFlag).toBe(
        `geo_${replicator.replicableName}_replication`,
      );
      expect(replicator.replicableTitle.replace(/ /g, '')).toBe(base);
      expect(replicator.registryClass.tableName).toBe(`${replicator.replicableName}_registry`);
    });

    it('has a feature flag definition whose default matches the code', async () => {
      const definition = geo.primary.flags.definition(replicator.replicationFeatureFlag);
      expect(definition.defaultEnabled).toBe(replicator.replicationEnabledByDefault);
      expect(await replicator.replicationEnabled(geo.primary)).toBe(
        replicator.replicationEnabledByDefault,
      );
    });

    it('links the record and its replicator both ways', async () => {
      const record = await createRecord(geo.primary);
      const fromRecord = record.replicator;
      expect(fromRecord).toBeInstanceOf(replicator);
      expect(await fromRecord.modelRecord()).toBe(record);
      const byId = new replicator(geo.primary, { modelRecordId: record.id });
      expect((await byId.modelRecord()).row).toEqual(record.row);
    });

    it('refuses to publish or consume an event it does not declare', async () => {
      const record = await createRecord(geo.primary);
      await expect(
        record.replicator.publish('renamed', { model_record_id: record.id }),
      ).rejects.toThrow(UnsupportedEventError);
      const onSecondary = new replicator(geo.secondary, { modelRecordId: record.id });
      await expect(onSecondary.consume('renamed', { model_record_id: record.id })).rejects.toThrow(
        /Unsupported event 'renamed'/,
      );
    });

    it('publishes nothing while its feature flag is off', async () => {
      await geo.primary.flags.disable(replicator.replicationFeatureFlag);
      const record = await createRecord(geo.primary);
      const result = await record.replicator.publish('created', { model_record_id: record.id });
      expect(result).toEqual({ kind: 'skipped', reason: 'replication-disabled' });
      expect(await eventsOf(geo.primary)).toEqual([]);
    });

    it('writes the event and its log entry when the primary has a secondary', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      const events = await eventsOf(geo.primary);
      expect(events).toEqual([
        expect.objectContaining({
          replicable_name: replicator.replicableName,
          event_name: 'created',
          payload: { model_record_id: record.id },
        }),
      ]);
      expect(events[0]?.log_id).toBeGreaterThan(0);
    });

    it('writes no event on a primary without secondaries, nor on a secondary', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await geo.databases.main.deleteFrom('geo_events').execute();
      await geo.databases.main.deleteFrom('geo_nodes').where('primary', '=', false).execute();
      expect(await record.replicator.publish('created', { model_record_id: record.id })).toEqual({
        kind: 'skipped',
        reason: 'no-secondaries',
      });
      const onSecondary = new replicator(geo.secondary, { modelRecordId: record.id });
      expect(await onSecondary.publish('created', { model_record_id: record.id })).toEqual({
        kind: 'skipped',
        reason: 'not-primary',
      });
      expect(await eventsOf(geo.primary)).toEqual([]);
    });

    it('writes the event in the caller transaction: a rollback leaves no event', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await geo.databases.main.deleteFrom('geo_events').execute();
      await expect(
        geo.primary.mainDb.transaction().execute(async (trx) => {
          await record.replicator.publish('created', { model_record_id: record.id }, trx);
          throw new Error('the model change failed');
        }),
      ).rejects.toThrow('the model change failed');
      expect(await eventsOf(geo.primary)).toEqual([]);
    });
  });
}

/** `it_behaves_like 'a blob replicator'`: events, payloads, checksums, consuming on a secondary. */
export function itBehavesLikeABlobReplicator(
  options: ReplicatorExamplesOptions & { readonly replicator: BlobReplicatorClass },
): void {
  const { replicator, geo, createRecord } = options;
  const blobReplicator = (site: GeoSite, id: number) => new replicator(site, { modelRecordId: id });

  describe('a blob replicator', () => {
    it('declares created, deleted and checksum_succeeded, but no updated: blobs are immutable', async () => {
      expect(replicator.strategy).toBe('blob');
      expect(replicator.events).toEqual(['created', 'deleted', 'checksum_succeeded']);
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await expect(
        record.replicator.publish('updated', { model_record_id: record.id }),
      ).rejects.toThrow(UnsupportedEventError);
    });

    it('checksums the stored file with SHA256', async () => {
      const record = await createRecord(geo.primary, 'the quick brown fox');
      expect(await record.replicator.calculateChecksum()).toBe(sha256('the quick brown fox'));
    });

    it('refuses to checksum a file that does not exist, naming its path', async () => {
      const record = await createRecord(geo.primary);
      await record.file.delete();
      await expect(record.replicator.calculateChecksum()).rejects.toThrow(
        FileNotChecksummableError,
      );
      await expect(record.replicator.calculateChecksum()).rejects.toThrow(
        /file does not exist at: \//,
      );
    });

    it('publishes deleted with the uploader class and blob path, and removes the file', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      const path = record.file.path as string;
      const blobPath = record.file.relativePath;
      await record.destroy();
      const deleted = (await eventsOf(geo.primary)).find((event) => event.event_name === 'deleted');
      expect(deleted?.payload).toEqual({
        model_record_id: record.id,
        uploader_class: record.file.constructor.name,
        blob_path: blobPath,
      });
      await expect(access(path)).rejects.toThrow();
      expect(await replicator.model.findById(geo.primary, record.id)).toBeUndefined();
    });

    it('on a secondary, consuming created tracks the record as pending', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await blobReplicator(geo.secondary, record.id).consume('created', {
        model_record_id: record.id,
      });
      const registry = await replicator.registryClass.findByModelId(geo.secondary, record.id);
      expect(registry?.state).toBe('pending');
    });

    it('on a secondary, consuming created marks a synced copy for resync', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      const registry = await replicator.registryClass.findOrCreate(geo.secondary, record.id);
      await registry.start();
      await registry.synced();
      await blobReplicator(geo.secondary, record.id).consume('created', {
        model_record_id: record.id,
      });
      expect((await registry.reload()).state).toBe('pending');
    });

    it('on a secondary, consuming deleted removes the copy and the registry, without the model row', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      const payload = await blobReplicator(geo.primary, record.id).deletedParams();
      const copy = await blobReplicator(geo.secondary, record.id).uploader();
      await copy.store('copy');
      const secondaryFile = copy.path as string;
      await replicator.registryClass.findOrCreate(geo.secondary, record.id);
      await record.destroy();
      await new replicator(geo.secondary, { modelRecordId: record.id }).consume('deleted', payload);
      await expect(access(secondaryFile)).rejects.toThrow();
      expect(
        await replicator.registryClass.findByModelId(geo.secondary, record.id),
      ).toBeUndefined();
    });

    it('never deletes outside the storage root, whatever the payload says', async () => {
      const record = await createRecord(geo.primary);
      const consumer = new replicator(geo.secondary, { modelRecordId: record.id });
      await expect(
        consumer.consume('deleted', {
          model_record_id: record.id,
          uploader_class: 'Uploader',
          blob_path: '../../etc/passwd',
        }),
      ).rejects.toThrow(/escapes the uploader's storage root/);
    });
  });
}

/** `it_behaves_like 'a verifiable replicator'`: checksumming on the primary, comparing on a secondary. */
export function itBehavesLikeAVerifiableReplicator(
  options: ReplicatorExamplesOptions & { readonly replicator: BlobReplicatorClass },
): void {
  const { replicator, geo, createRecord } = options;
  const primaryState = (site: GeoSite, id: number) =>
    verificationColumns(site, replicator.model, id);

  describe('a verifiable replicator', () => {
    it('does not verify while replication is off', async () => {
      await geo.primary.flags.disable(replicator.replicationFeatureFlag);
      await createRecord(geo.primary);
      expect(await replicator.verifyBatch(geo.primary)).toBe(0);
    });

    it('checksums pending records on the primary and stores the SHA256', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary, 'verify me');
      const verified = await replicator.verifyBatch(geo.primary);
      expect(verified).toBe(1);
      const state = await primaryState(geo.primary, record.id);
      expect(state.verification_state).toBe(VERIFICATION_STATES.succeeded);
      expect(checksumFromBytes(state.verification_checksum)).toBe(sha256('verify me'));
      expect(state.verified_at).toBeInstanceOf(Date);
    });

    it('records a failure with a retry time when the file is missing', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await record.file.delete();
      await replicator.verifyBatch(geo.primary);
      const state = await primaryState(geo.primary, record.id);
      expect(state.verification_state).toBe(VERIFICATION_STATES.failed);
      expect(state.verification_failure).toMatch(
        /^Error during verification: File is not checksummable/,
      );
      expect(state.verification_retry_count).toBe(1);
      expect(state.verification_retry_at?.getTime()).toBeGreaterThan(Date.now());
      expect(state.verification_checksum).toBeNull();
    });

    it('takes at most ten records a batch, and no record twice', async () => {
      await enableReplication(options);
      for (let index = 0; index < 12; index++) await createRecord(geo.primary);
      const table = replicator.verificationTable(geo.primary);
      const [first, second] = await Promise.all([
        table.verificationPendingBatch(10),
        table.verificationPendingBatch(10),
      ]);
      expect(first.length + second.length).toBe(12);
      expect(new Set([...first, ...second]).size).toBe(12);
    });

    it('on a secondary, succeeds when the copy matches the primary', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary, 'same bytes');
      await replicator.verifyBatch(geo.primary);
      await storeCopy(geo.secondary, record.id, 'same bytes');
      const result = await new replicator(geo.secondary, { modelRecordId: record.id }).verify();
      expect(result).toEqual({ kind: 'succeeded', checksum: sha256('same bytes') });
    });

    it('on a secondary, a mismatching copy fails verification and is scheduled for resync', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary, 'original');
      await replicator.verifyBatch(geo.primary);
      await storeCopy(geo.secondary, record.id, 'corrupted');
      const result = await new replicator(geo.secondary, { modelRecordId: record.id }).verify();
      expect(result).toMatchObject({ kind: 'mismatch', primaryChecksum: sha256('original') });
      const registry = await replicator.registryClass.findByModelId(geo.secondary, record.id);
      expect(registry?.state).toBe('failed');
      expect(registry?.verificationState).toBe('failed');
      expect(registry?.row.checksum_mismatch).toBe(true);
      expect(checksumFromBytes(registry?.row.verification_checksum_mismatched ?? null)).toBe(
        sha256('original'),
      );
      expect(registry?.row.last_sync_failure).toMatch(
        /^Verification failed with: Checksum does not match/,
      );
      expect(registry?.row.retry_at?.getTime()).toBeGreaterThan(Date.now());
    });

    it('on a secondary, waits (disabled) while the primary has no checksum', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await storeCopy(geo.secondary, record.id, 'anything');
      const result = await new replicator(geo.secondary, { modelRecordId: record.id }).verify();
      expect(result).toEqual({ kind: 'disabled' });
    });

    it('on a secondary, a copy that cannot be checksummed fails the sync too, to be downloaded again', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary, 'original');
      await replicator.verifyBatch(geo.primary);
      await storeCopy(geo.secondary, record.id, 'original');
      const copy = new replicator(geo.secondary, { modelRecordId: record.id });
      await (await copy.uploader()).delete();

      const result = await copy.verify();

      expect(result).toMatchObject({ kind: 'failed' });
      const registry = await replicator.registryClass.findByModelId(geo.secondary, record.id);
      expect(registry?.verificationState).toBe('failed');
      expect(registry?.state).toBe('failed');
      expect(registry?.row.last_sync_failure).toMatch(
        /^Verification failed with: Error during verification: File is not checksummable/,
      );
      expect(registry?.row.retry_count).toBe(registry?.row.verification_retry_count);
      expect(registry?.row.retry_at).toEqual(registry?.row.verification_retry_at);
      expect(registry?.row.retry_at?.getTime()).toBeGreaterThan(Date.now());
    });

    it('publishes checksum_succeeded with each checksum the primary records, reverifications included', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary, 'checked');
      await geo.databases.main.deleteFrom('geo_events').execute();
      await replicator.verifyBatch(geo.primary);
      const succeeded = () =>
        eventsOf(geo.primary).then((events) =>
          events.filter((event) => event.event_name === 'checksum_succeeded'),
        );
      expect(await succeeded()).toEqual([
        expect.objectContaining({
          replicable_name: replicator.replicableName,
          payload: { model_record_id: record.id },
        }),
      ]);
      // Reverification after the interval publishes it again.
      await replicator.verificationTable(geo.primary).reverifyBatch(0, 100);
      await replicator.verifyBatch(geo.primary);
      expect(await succeeded()).toHaveLength(2);
    });

    it('publishes no checksum_succeeded for a record whose checksum failed', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await geo.databases.main.deleteFrom('geo_events').execute();
      await record.file.delete();
      await replicator.verifyBatch(geo.primary);
      expect(await eventsOf(geo.primary)).toEqual([]);
    });

    it('on a secondary, checksum_succeeded marks a verified copy for verification again', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary, 'same');
      await replicator.verifyBatch(geo.primary);
      await storeCopy(geo.secondary, record.id, 'same');
      const consumer = new replicator(geo.secondary, { modelRecordId: record.id });
      expect(await consumer.verify()).toMatchObject({ kind: 'succeeded' });

      await consumer.consume('checksum_succeeded', { model_record_id: record.id });

      const registry = await replicator.registryClass.findByModelId(geo.secondary, record.id);
      expect(registry?.verificationState).toBe('pending');
      expect(registry?.state).toBe('synced');
    });

    it('on a secondary, checksum_succeeded leaves a pending registry pending and creates none', async () => {
      await enableReplication(options);
      const tracked = await createRecord(geo.primary);
      const untracked = await createRecord(geo.primary);
      const registry = await replicator.registryClass.findOrCreate(geo.secondary, tracked.id);
      for (const record of [tracked, untracked]) {
        await new replicator(geo.secondary, { modelRecordId: record.id }).consume(
          'checksum_succeeded',
          { model_record_id: record.id },
        );
      }
      expect((await registry.reload()).verificationState).toBe('pending');
      expect(
        await replicator.registryClass.findByModelId(geo.secondary, untracked.id),
      ).toBeUndefined();
    });

    it('on the primary, checksum_succeeded is ignored', async () => {
      await enableReplication(options);
      const record = await createRecord(geo.primary);
      await replicator.verifyBatch(geo.primary);
      const before = await primaryState(geo.primary, record.id);
      await new replicator(geo.primary, { modelRecordId: record.id }).consume(
        'checksum_succeeded',
        { model_record_id: record.id },
      );
      expect(await primaryState(geo.primary, record.id)).toEqual(before);
    });
  });

  async function storeCopy(site: GeoSite, id: number, content: string): Promise<void> {
    const copy = new replicator(site, { modelRecordId: id });
    await (await copy.uploader()).store(content);
    const registry = await replicator.registryClass.findOrCreate(site, id);
    await registry.start();
    await registry.synced();
  }
}
