import { createHash } from 'node:crypto';
import type { BlobReplicatorClass } from '../../replicator/blob-replicator.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import type { Uploader } from '../../uploader/uploader.ts';
import type { ReplicatorExamplesOptions } from './replicator-examples-options.ts';
import type { StrategyAdapter } from './strategy-adapter.ts';

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

/** Blobs: the data is the record's file; its checksum the SHA256 of the bytes. */
export function blobStrategyAdapter(
  options: ReplicatorExamplesOptions<BlobReplicatorClass>,
): StrategyAdapter {
  const { replicator, geo, createRecord } = options;
  const uploader = (site: GeoSite, id: number): Promise<Uploader> =>
    new replicator(site, { modelRecordId: id }).uploader();

  return {
    notChecksummable: 'File is not checksummable',
    async createWithData(content) {
      const record = await createRecord(geo.primary, content);
      return { id: record.id, checksum: sha256(content) };
    },
    async copyToSite(site, id) {
      const original = await uploader(geo.primary, id);
      await (await uploader(site, id)).store(original.open());
    },
    async spoilCopy(site, id) {
      await (await uploader(site, id)).store('corrupted by the test\n');
    },
    async removeData(site, id) {
      await (await uploader(site, id)).delete();
    },
  };
}
