import type { GeoSite } from '../../sites/geo-site.ts';
import { blobStrategyAdapter } from './blob-strategy-adapter.ts';
import type { ReplicatorExamplesOptions } from './replicator-examples-options.ts';
import { repositoryStrategyAdapter } from './repository-strategy-adapter.ts';

/** A record made with known data on the primary. */
export interface SeededRecord {
  readonly id: number;
  /** The checksum the primary must compute for it, worked out without the replicator. */
  readonly checksum: string;
}

/**
 * What the shared examples do differently per strategy: how a record gets data, how a site gets
 * a copy of it, spoils it or loses it. Everything else (events, registries, verification) is the
 * same for every strategy and written once.
 */
export interface StrategyAdapter {
  /** How the replicator's error for a record without data on the site begins. */
  readonly notChecksummable: string;
  /** Creates a record on the primary whose data is made of `content`. */
  createWithData(content: string): Promise<SeededRecord>;
  /** Puts a copy of the primary's data on `site`, as a sync would. */
  copyToSite(site: GeoSite, id: number): Promise<void>;
  /** Changes `site`'s copy so that it no longer matches the primary's (a corrupted copy). */
  spoilCopy(site: GeoSite, id: number): Promise<void>;
  /** Removes `site`'s data of the record, so that it cannot be checksummed. */
  removeData(site: GeoSite, id: number): Promise<void>;
}

/** The adapter of the data type's strategy (`replicator.strategy`). */
export function strategyAdapter(options: ReplicatorExamplesOptions): StrategyAdapter {
  const { replicator } = options;
  // A new strategy fails to compile here until it has an adapter.
  switch (replicator.strategy) {
    case 'blob':
      return blobStrategyAdapter({ ...options, replicator });
    case 'repository':
      return repositoryStrategyAdapter({ ...options, replicator });
  }
}
