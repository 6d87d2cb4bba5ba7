import type { BlobDownloader } from '../replicator/blob-replicator.ts';
import type { RepositoryFetcher } from '../replicator/repository-replicator.ts';

/**
 * How a secondary fetches each strategy's data from the primary, by `strategy`. A strategy
 * without one here leaves its syncs pending (`deferred`) for a process of the site that has it.
 * A new strategy adds its fetcher here.
 */
export interface SiteFetchers {
  readonly blob?: BlobDownloader;
  readonly repository?: RepositoryFetcher;
}
