import { GeoNodes } from '../sites/geo-nodes.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { MainExecutor } from './events.ts';
import type { ReplicatorClassBase } from './replicator-class.ts';

/** Why an event is not written (see `Replicator.publish`). */
export type PublishSkipReason = 'replication-disabled' | 'not-primary' | 'no-secondaries';

export type PublishResult =
  | { readonly kind: 'published'; readonly eventId: number; readonly logId: number }
  | { readonly kind: 'skipped'; readonly reason: PublishSkipReason };

/** Only a primary with at least one secondary writes events, and only while replication is on. */
export async function publishSkipReason(
  site: GeoSite,
  replicator: ReplicatorClassBase,
  db: MainExecutor,
): Promise<PublishSkipReason | undefined> {
  if (!site.isPrimary()) return 'not-primary';
  // Read through `db`: inside the model change's transaction another connection would wait on it.
  if (!(await replicator.replicationEnabled(site, db))) return 'replication-disabled';
  if (!(await new GeoNodes(db).hasSecondaries())) return 'no-secondaries';
  return undefined;
}
