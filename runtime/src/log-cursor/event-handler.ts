import type { EventPayload } from '../replicator/events.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';

/** The job a logged event becomes (`Geo::EventWorker`'s arguments). */
export interface EventJobData {
  readonly replicable_name: string;
  readonly event_name: string;
  readonly payload: EventPayload;
}

export type EventOutcome =
  | { readonly kind: 'consumed' }
  /** An event for a data type this site does not know: logged and skipped, never fatal. */
  | { readonly kind: 'unknown-replicable'; readonly replicableName: string }
  | { readonly kind: 'replication-disabled' };

/** Finds the replicator for an event and lets it consume the event on this secondary. */
export async function handleEvent(
  site: GeoSite,
  replicatorClasses: readonly ReplicatorClass[],
  job: EventJobData,
): Promise<EventOutcome> {
  const replicator = replicatorClasses.find(
    (candidate) => candidate.replicableName === job.replicable_name,
  );
  if (!replicator) return { kind: 'unknown-replicable', replicableName: job.replicable_name };
  // Deletions are applied even with replication off, so no copy outlives its record.
  if (job.event_name !== 'deleted' && !(await replicator.replicationEnabled(site))) {
    return { kind: 'replication-disabled' };
  }
  await new replicator(site, { modelRecordId: job.payload.model_record_id }).consume(
    job.event_name,
    job.payload,
  );
  return { kind: 'consumed' };
}
