import { GeoNodes } from '../sites/geo-nodes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { MainExecutor } from './events.ts';
import type { PublishSkipReason, ReplicatorClass } from './replicator.ts';

/** Only a primary with at least one secondary writes events, and only while replication is on. */
export async function publishSkipReason(
  site: GeoSite,
  replicator: ReplicatorClass,
  db: MainExecutor,
): Promise<PublishSkipReason | undefined> {
  if (!site.isPrimary()) return 'not-primary';
  // Read through `db`: inside the model change's transaction another connection would wait on it.
  if (!(await replicator.replicationEnabled(site, db))) return 'replication-disabled';
  if (!(await new GeoNodes(db).hasSecondaries())) return 'no-secondaries';
  return undefined;
}
