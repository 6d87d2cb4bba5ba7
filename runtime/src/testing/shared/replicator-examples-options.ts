import type { ReplicableModel } from '../../model/replicable-model.ts';
import type { ReplicatorClass } from '../../replicator/replicator.ts';
import type { GeoSite } from '../../sites/geo-site.ts';
import { namespaceFactory } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';
import type { RecordOwner } from './selective-sync-examples.ts';

/**
 * What the replicator examples need: the class, the sites, and a way to create a record on the
 * primary. The same options serve every suite of a data type; narrow `R` to a strategy's class
 * for that strategy's suite.
 */
export interface ReplicatorExamplesOptions<R extends ReplicatorClass = ReplicatorClass> {
  readonly replicator: R;
  readonly geo: GeoTestSites;
  /**
   * Creates one persisted record on `site` (the primary). A blob type stores `content` as its
   * file (anything when undefined); a repository type may ignore it: its record starts with an
   * empty repository, and the examples commit into it.
   */
  readonly createRecord: (site: GeoSite, content?: string) => Promise<ReplicableModel>;
  /**
   * Who the records belong to (a project unless given). A record of the instance (`none`) is
   * never left out by selective sync by namespaces, so the examples leave it out by shard (a
   * repository) or check that it is kept (a blob).
   */
  readonly owner?: RecordOwner;
}

/** Turns the data type's replication flag on (the types being built default to off). */
export async function enableReplication({
  replicator,
  geo,
}: ReplicatorExamplesOptions): Promise<void> {
  await geo.primary.flags.enable(replicator.replicationFeatureFlag);
}

/** Restricts the secondary to one new namespace, which holds none of the records made so far. */
export async function excludeEverythingFromSecondary(geo: GeoTestSites): Promise<void> {
  const namespace = await namespaceFactory.transient({ site: geo.primary }).create();
  await geo.primary.nodes.update(geo.secondary.name, {
    selectiveSync: { type: 'namespaces', namespaceIds: [namespace.id] },
  });
  await geo.secondary.reload();
}
