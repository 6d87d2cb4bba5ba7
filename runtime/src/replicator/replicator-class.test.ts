import { describe, expect, it } from 'vitest';
import { packageFileFactory } from '../../app/factories/package-file-factory.ts';
import { REPLICATOR_CLASSES } from '../../app/replicator-classes.ts';
import { PackageFileReplicator } from '../../app/replicators/package-file-replicator.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import type { BlobDownloader, BlobDownloadResult, BlobReplicator } from './blob-replicator.ts';
import type { EventPayload, StrategyEvent } from './events.ts';
import { Replicator, STRATEGIES, type ReplicatorClass } from './replicator.ts';

describe('the strategy contract', () => {
  it('makes a strategy implement every operation the framework calls without knowing it', () => {
    // Checked by `npm run typecheck`: the class below lacks sync, deleteLocalCopy, resourceExists,
    // syncLeaseKey and removeSyncLeftovers, so it must not compile.
    // @ts-expect-error a strategy that implements only consuming and checksumming is incomplete
    class HalfAStrategy extends Replicator {
      protected override async consumeEvent(event: StrategyEvent, payload: EventPayload) {
        void event;
        void payload;
      }
      override async calculateChecksum() {
        return '';
      }
    }
    expect(HalfAStrategy.name).toBe('HalfAStrategy');
  });

  it('gives every replicator of the application a strategy and a sync timeout', () => {
    for (const replicator of REPLICATOR_CLASSES) {
      expect(STRATEGIES).toContain(replicator.strategy);
      expect(replicator.syncTimeoutSeconds).toBeGreaterThan(0);
    }
    expect(PackageFileReplicator.syncTimeoutSeconds).toBe(8 * 60 * 60);
  });

  it("reaches a strategy's own side by its discriminant, without a cast", () => {
    const uploaderClassOf = (replicator: ReplicatorClass) => {
      switch (replicator.strategy) {
        case 'blob':
          return replicator.model.uploaderClass.name;
      }
    };
    expect(uploaderClassOf(PackageFileReplicator)).toBe('PackageFileUploader');
  });
});

describeOnEachEngine("sync through the site's fetcher for the strategy", (databases) => {
  const handed: BlobReplicator[] = [];
  const fetcher: BlobDownloader = {
    download: async (replicator) => {
      handed.push(replicator);
      return { kind: 'skipped', reason: 'already-running' } satisfies BlobDownloadResult;
    },
  };
  const geo = useGeoSites(databases, { siteOptions: { fetchers: () => ({ blob: fetcher }) } });

  it('hands the replicator to the blob fetcher and returns what it did', async () => {
    handed.length = 0;
    const file = await packageFileFactory.transient({ site: geo.primary }).create();
    const replicator = new PackageFileReplicator(geo.secondary, { modelRecordId: file.id });

    expect(await replicator.sync()).toEqual({
      kind: 'attempted',
      attempt: { kind: 'skipped', reason: 'already-running' },
    });
    expect(handed).toEqual([replicator]);
  });

  it('defers the sync on a site without a fetcher for the strategy', async () => {
    const file = await packageFileFactory.transient({ site: geo.primary }).create();
    const withoutFetchers = await geo.addSite(
      { name: 'secondary-without-fetchers', url: 'http://other.test' },
      { fetchers: () => ({}) },
    );

    const outcome = await new PackageFileReplicator(withoutFetchers, {
      modelRecordId: file.id,
    }).sync();

    expect(outcome).toEqual({ kind: 'deferred' });
  });
});
