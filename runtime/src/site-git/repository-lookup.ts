import type { RepositoryModel } from '../model/repository-model.ts';
import type { ReplicatorClass } from '../replicator/replicator-class.ts';
import type { RepositoryReplicatorClass } from '../replicator/repository-replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';

/** The record whose repository a URL names, and the data type it belongs to. */
export interface FoundRepository {
  readonly replicatorClass: RepositoryReplicatorClass;
  readonly record: RepositoryModel;
}

/**
 * The record whose repository is fetched as `<full_path>.git`, among the repository data types
 * of REPLICATOR_CLASSES, in their order (the first that has it wins).
 *
 * @example await findRepositoryByFullPath(site, REPLICATOR_CLASSES, 'group/app');
 */
export async function findRepositoryByFullPath(
  site: GeoSite,
  replicatorClasses: readonly ReplicatorClass[],
  fullPath: string,
): Promise<FoundRepository | undefined> {
  for (const replicatorClass of replicatorClasses) {
    if (replicatorClass.strategy !== 'repository') continue;
    const record = await replicatorClass.model.findByFullPath(site, fullPath);
    if (record) return { replicatorClass, record };
  }
  return undefined;
}
