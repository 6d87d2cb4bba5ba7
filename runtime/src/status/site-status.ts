import { snakeCase } from 'change-case';
import type { Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import {
  replicableStatus,
  replicableStatusFields,
  type ReplicableStatus,
  type StatusFieldValue,
} from './replicable-status.ts';

/** A site's status: one entry per replicable, keyed by replicable name. */
export type SiteStatus = Readonly<Record<string, ReplicableStatus>>;

/** The flat status fields (`package_files_synced_count`, …); null for figures not collected. */
export type StatusFields = Record<string, StatusFieldValue>;

export async function collectSiteStatus(
  site: GeoSite,
  replicators: readonly ReplicatorClass[],
): Promise<SiteStatus> {
  const status: Record<string, ReplicableStatus> = {};
  for (const replicator of replicators)
    status[replicator.replicableName] = await replicableStatus(site, replicator);
  return status;
}

/**
 * The flat fields of the Geo node status API: `package_files_count`,
 * `package_files_synced_in_percentage`, … (`<plural>_<field>`). Verification counts of a type
 * whose verification is disabled are null, as the original's nil: present, but not 0.
 */
export function statusFields(
  status: SiteStatus,
  replicators: readonly ReplicatorClass[],
): StatusFields {
  const fields: StatusFields = {};
  for (const replicator of replicators) {
    const entry = status[replicator.replicableName];
    if (!entry) continue;
    for (const [key, value] of Object.entries(replicableStatusFields(entry)))
      fields[`${replicator.replicableNamePlural}_${snakeCase(key)}`] = value;
  }
  return fields;
}

type StatusDb = Pick<MainDatabase, 'geo_node_statuses'>;

/** Where a site keeps its own status: the primary in the main database, a secondary in its tracking one. */
function statusDb(site: GeoSite): Kysely<StatusDb> {
  return (site.isSecondary() ? site.trackingDb : site.mainDb) as unknown as Kysely<StatusDb>;
}

/** Computes and stores this site's status (`Geo::MetricsUpdateWorker`). */
export async function updateSiteStatus(
  site: GeoSite,
  replicators: readonly ReplicatorClass[],
  options: { readonly now?: Date } = {},
): Promise<StatusFields> {
  const fields = statusFields(await collectSiteStatus(site, replicators), replicators);
  // This process's clock, as the status API's age: the database's could differ.
  const updatedAt = options.now ?? new Date();
  await statusDb(site)
    .insertInto('geo_node_statuses')
    .values({ geo_node_id: site.node.id, status: JSON.stringify(fields), updated_at: updatedAt })
    .onConflict((oc) =>
      oc
        .column('geo_node_id')
        .doUpdateSet({ status: JSON.stringify(fields), updated_at: updatedAt }),
    )
    .execute();
  return fields;
}

/** The status this site stored last, with when. */
export async function storedSiteStatus(
  site: GeoSite,
): Promise<{ fields: StatusFields; updatedAt: Date } | undefined> {
  const row = await statusDb(site)
    .selectFrom('geo_node_statuses')
    .select(['status', 'updated_at'])
    .where('geo_node_id', '=', site.node.id)
    .executeTakeFirst();
  return row && { fields: row.status, updatedAt: row.updated_at };
}
