import type {
  RepositoryFetcher,
  RepositoryReplicator,
  RepositorySyncResult,
} from '../replicator/repository-replicator.ts';
import type { ReplicationStateName } from '../states/replication-state.ts';

/** One sync a `RecordingRepositoryFetcher` was asked for. */
export interface RecordedFetch {
  readonly replicableName: string;
  readonly modelRecordId: number;
  /** The registry's state when the fetch was asked for (`pending` after an `updated` event). */
  readonly registryState: ReplicationStateName;
}

/**
 * A repository fetcher that fetches nothing and records what it was asked, so that a spec can see
 * which syncs a secondary starts without serving git. It answers `skipped`, leaving the registry
 * as it found it.
 *
 * @example
 * const fetcher = new RecordingRepositoryFetcher();
 * const site = await geo.addSite({ name: 'recording', url: 'http://recording.test' }, {
 *   fetchers: () => ({ repository: fetcher }),
 * });
 */
export class RecordingRepositoryFetcher implements RepositoryFetcher {
  readonly #fetches: RecordedFetch[] = [];

  get fetches(): readonly RecordedFetch[] {
    return this.#fetches;
  }

  async fetch(replicator: RepositoryReplicator): Promise<RepositorySyncResult> {
    const registry = await replicator.registry();
    this.#fetches.push({
      replicableName: replicator.replicableName,
      modelRecordId: replicator.modelRecordId,
      registryState: registry.state,
    });
    return { kind: 'skipped', reason: 'already-running' };
  }
}
