import type { Kysely } from 'kysely';
import type { MainDatabase } from '../db/main-database.ts';
import type { GeoNode } from '../sites/geo-node.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { geoStatusAuthorization } from '../transfer/authorization-header.ts';
import type { StatusFieldValue } from './replicable-status.ts';
import { storedSiteStatus, type StatusFields } from './site-status.ts';

/** Where secondaries post their status, on the primary (GitLab's path). */
export const STATUS_POST_PATH = '/api/v4/geo/status';

/** A status older than this is outdated: the site went quiet (GitLab's one hour). */
export const STATUS_OUTDATED_AFTER_MS = 60 * 60 * 1000;

/** The most fields a posted status may have: a site has a dozen per data type. */
const MAX_POSTED_FIELDS = 10_000;

/** One site as the status API lists it: its latest status, and how old it is. */
export interface SiteStatusEntry {
  readonly geo_node_id: number;
  readonly name: string;
  readonly url: string;
  readonly primary: boolean;
  readonly enabled: boolean;
  /** When the status was stored (on the primary: received); null if there is none yet. */
  readonly updated_at: string | null;
  /** Whole seconds since `updated_at`; null without a status. */
  readonly age_seconds: number | null;
  /** No status, or one older than the threshold: the site has gone quiet. */
  readonly outdated: boolean;
  readonly [field: string]: StatusFieldValue | string | boolean | null;
}

export interface SiteStatusesOptions {
  readonly now?: Date;
  readonly outdatedAfterMs?: number;
}

/**
 * Every site in `geo_nodes` with its latest status: the statuses the primary stored in the main
 * database (its own, and those secondaries posted), and on a secondary its own from its tracking
 * database, which is fresher than what it last posted.
 */
export async function siteStatuses(
  site: GeoSite,
  options: SiteStatusesOptions = {},
): Promise<SiteStatusEntry[]> {
  const now = options.now ?? new Date();
  const outdatedAfterMs = options.outdatedAfterMs ?? STATUS_OUTDATED_AFTER_MS;
  const nodes = await site.mainDb.selectFrom('geo_nodes').selectAll().orderBy('id').execute();
  const rows = await site.mainDb
    .selectFrom('geo_node_statuses')
    .select(['geo_node_id', 'status', 'updated_at'])
    .execute();
  const statuses = new Map(
    rows.map((row) => [row.geo_node_id, { fields: row.status, updatedAt: row.updated_at }]),
  );
  if (site.isSecondary()) {
    const own = await storedSiteStatus(site);
    if (own) statuses.set(site.node.id, own);
  }
  return nodes.map((node) => {
    const status = statuses.get(node.id);
    const ageMs = status && Math.max(0, now.getTime() - status.updatedAt.getTime());
    return {
      geo_node_id: node.id,
      name: node.name,
      url: node.url,
      primary: node.primary,
      enabled: node.enabled,
      updated_at: status ? status.updatedAt.toISOString() : null,
      age_seconds: ageMs === undefined ? null : Math.floor(ageMs / 1000),
      outdated: ageMs === undefined || ageMs > outdatedAfterMs,
      ...status?.fields,
    };
  });
}

/**
 * Stores the status a secondary posted, as received now, in the primary's main database (the
 * primary's `geo_node_statuses` holds every site's: `Geo::NodeStatus`).
 */
export async function receiveSiteStatus(
  primaryDb: Kysely<MainDatabase>,
  node: Pick<GeoNode, 'id'>,
  fields: StatusFields,
  receivedAt: Date = new Date(),
): Promise<void> {
  const status = JSON.stringify(fields);
  await primaryDb
    .insertInto('geo_node_statuses')
    .values({ geo_node_id: node.id, status, updated_at: receivedAt })
    .onConflict((oc) => oc.column('geo_node_id').doUpdateSet({ status, updated_at: receivedAt }))
    .execute();
}

/** Why a posted status was not accepted. */
export class InvalidPostedStatusError extends Error {
  override readonly name = 'InvalidPostedStatusError';
}

/**
 * The status fields of a posted body: a JSON object of snake_case names to numbers or null,
 * optionally with `geo_node_id` (which must then be the poster's own; checked by the route).
 */
export function parsePostedStatus(body: unknown): { geoNodeId?: number; fields: StatusFields } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidPostedStatusError(
      'The status must be a JSON object of fields (`{"package_files_count": 3, …}`).',
    );
  const fields: StatusFields = {};
  let geoNodeId: number | undefined;
  const entries = Object.entries(body);
  if (entries.length > MAX_POSTED_FIELDS)
    throw new InvalidPostedStatusError(
      `The status has ${entries.length} fields, more than the ${MAX_POSTED_FIELDS} accepted.`,
    );
  for (const [key, value] of entries) {
    if (key === 'geo_node_id') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw new InvalidPostedStatusError(
          'geo_node_id must be an integer: the posting site’s id.',
        );
      geoNodeId = value;
      continue;
    }
    if (!/^[a-z][a-z0-9_]{0,127}$/.test(key))
      throw new InvalidPostedStatusError(
        `The status field '${key.slice(0, 130)}' is not a snake_case name.`,
      );
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value)))
      throw new InvalidPostedStatusError(
        `The status field '${key}' must be a number or null, not ${JSON.stringify(value)}.`,
      );
    fields[key] = value;
  }
  return geoNodeId === undefined ? { fields } : { geoNodeId, fields };
}

/** The primary did not take a secondary's status. */
export class StatusPostError extends Error {
  override readonly name = 'StatusPostError';
}

export interface PostStatusOptions {
  readonly fetch?: typeof fetch;
  /** Give up after this long (default 30 s): the next metrics update posts again. */
  readonly timeoutMs?: number;
}

/**
 * Posts a secondary's status to the primary (`Geo::NodeStatusRequestService`), signed with the
 * secondary's key. Throws StatusPostError, saying why, when the primary is unknown, unreachable
 * or refuses it.
 */
export async function postStatusToPrimary(
  site: GeoSite,
  fields: StatusFields,
  options: PostStatusOptions = {},
): Promise<void> {
  const primary = await site.nodes.primary();
  if (!primary)
    throw new StatusPostError(
      'No primary in geo_nodes to post the status to: add one (geo-runtime node:add --primary).',
    );
  const base = primary.internalUrl.endsWith('/') ? primary.internalUrl : `${primary.internalUrl}/`;
  const url = new URL(STATUS_POST_PATH.slice(1), base);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: await geoStatusAuthorization(site.node),
      },
      body: JSON.stringify({ geo_node_id: site.node.id, ...fields }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new StatusPostError(
      `Could not post the status to the primary at ${url.href}: ${cause}. Check the primary's ` +
        'internal URL in geo_nodes and that it is up.',
    );
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text()).slice(0, 500);
  throw new StatusPostError(
    `The primary at ${url.href} refused the status with ${response.status}: ${text}`,
  );
}
