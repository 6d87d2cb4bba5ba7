import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  FileNotChecksummableError,
  type BlobReplicatorClass,
} from '../../replicator/blob-replicator.ts';
import { UnsupportedEventError } from '../../replicator/events.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import { UnsafeBlobPathError } from '../../uploader/uploader.ts';
import { eventsOf } from './inspect.ts';
import {
  enableReplication,
  type ReplicatorExamplesOptions,
} from './replicator-examples-options.ts';

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

/** `it_behaves_like 'a blob replicator'`: events, payloads, checksums, consuming on a secondary. */
export function itBehavesLikeABlobReplicator(
  options: ReplicatorExamplesOptions<BlobReplicatorClass>,
): void {
  const { replicator, geo, createRecord } = options;
  const blobReplicator = (site: GeoSite, id: number) => new replicator(site, { modelRecordId: id });
  const onPrimary = (id: number) => blobReplicator(geo.primary, id);

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
      const uploader = await onPrimary(record.id).uploader();
      await uploader.delete();
      await expect(record.replicator.calculateChecksum()).rejects.toThrow(
        new FileNotChecksummableError(replicator.replicableName, record.id, uploader.path),
      );
    });

    it('publishes deleted with the uploader class and blob path, and removes the file', async () => {
      await enableReplication(options);
      const record = await replicator.model.find(geo.primary, (await createRecord(geo.primary)).id);
      const path = record.file.path;
      const blobPath = record.file.relativePath;
      await record.destroy();
      const deleted = (await eventsOf(geo.primary)).find((event) => event.event_name === 'deleted');
      expect(deleted?.payload).toEqual({
        model_record_id: record.id,
        uploader_class: record.file.constructor.name,
        blob_path: blobPath,
      });
      expect(path).not.toBeNull();
      await expect(access(path ?? '')).rejects.toThrow();
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
      const record = await replicator.model.find(geo.primary, (await createRecord(geo.primary)).id);
      const payload = await onPrimary(record.id).deletedParams();
      const copy = await blobReplicator(geo.secondary, record.id).uploader();
      await copy.store('copy');
      await replicator.registryClass.findOrCreate(geo.secondary, record.id);
      await record.destroy();
      await blobReplicator(geo.secondary, record.id).consume('deleted', payload);
      expect(await copy.exists()).toBe(false);
      expect(
        await replicator.registryClass.findByModelId(geo.secondary, record.id),
      ).toBeUndefined();
    });

    it('never deletes outside the storage root, whatever the payload says', async () => {
      const record = await createRecord(geo.primary);
      const consumer = blobReplicator(geo.secondary, record.id);
      await expect(
        consumer.consume('deleted', {
          model_record_id: record.id,
          uploader_class: 'Uploader',
          blob_path: '../../etc/passwd',
        }),
      ).rejects.toThrow(UnsafeBlobPathError);
    });
  });
}
