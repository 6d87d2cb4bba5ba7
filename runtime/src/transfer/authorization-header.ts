import type { GeoNode } from '../sites/geo-node.ts';
import {
  signRepositorySyncToken,
  signStatusToken,
  signTransferToken,
  type RepositorySyncData,
  type TransferData,
} from './transfer-token.ts';

/** The scheme of the `Authorization` header between Geo sites. */
export const GEO_AUTH_SCHEME = 'GL-Geo';

/** The two halves of a `GL-Geo <access_key>:<JWT>` header. */
export interface GeoCredentials {
  readonly accessKey: string;
  readonly token: string;
}

/**
 * Formats the `Authorization` header a secondary sends with every transfer request.
 *
 * @example
 * formatGeoAuthorization({ accessKey: 'abc', token: jwt }); // 'GL-Geo abc:eyJ…'
 */
export function formatGeoAuthorization(credentials: GeoCredentials): string {
  return `${GEO_AUTH_SCHEME} ${credentials.accessKey}:${credentials.token}`;
}

/**
 * Parses an `Authorization` header: exactly two space-separated parts, the first `GL-Geo`, the
 * second split at its first `:` into a non-empty access key and a non-empty token. Anything else
 * is undefined.
 *
 * @example
 * parseGeoAuthorization('GL-Geo abc:eyJ…'); // { accessKey: 'abc', token: 'eyJ…' }
 * parseGeoAuthorization('Bearer eyJ…'); // undefined
 */
export function parseGeoAuthorization(header: string | undefined): GeoCredentials | undefined {
  if (header === undefined) return undefined;
  const parts = header.split(' ');
  if (parts.length !== 2 || parts[0] !== GEO_AUTH_SCHEME) return undefined;
  const credentials = parts[1] ?? '';
  const colon = credentials.indexOf(':');
  if (colon <= 0 || colon === credentials.length - 1) return undefined;
  return { accessKey: credentials.slice(0, colon), token: credentials.slice(colon + 1) };
}

/**
 * The `Authorization` header for fetching one record: a fresh one-minute token signed with the
 * requesting site's secret access key.
 *
 * @example
 * const header = await geoTransferAuthorization(site.node, {
 *   replicableName: 'package_file',
 *   replicableId: 42,
 * });
 */
export async function geoTransferAuthorization(
  node: Pick<GeoNode, 'accessKey' | 'secretAccessKey'>,
  data: TransferData,
  options: { readonly now?: Date } = {},
): Promise<string> {
  const token = await signTransferToken(node.secretAccessKey, data, options);
  return formatGeoAuthorization({ accessKey: node.accessKey, token });
}

/**
 * The `Authorization` header for fetching one git repository: a fresh ten-minute repository sync
 * token signed with the requesting site's secret access key.
 *
 * @example
 * const header = await geoRepositorySyncAuthorization(site.node, { fullPath: 'group/app' });
 */
export async function geoRepositorySyncAuthorization(
  node: Pick<GeoNode, 'accessKey' | 'secretAccessKey'>,
  data: RepositorySyncData,
  options: { readonly now?: Date } = {},
): Promise<string> {
  const token = await signRepositorySyncToken(node.secretAccessKey, data, options);
  return formatGeoAuthorization({ accessKey: node.accessKey, token });
}

/**
 * The `Authorization` header for posting this site's status to the primary: a fresh one-minute
 * status token naming the site, signed with its secret access key.
 *
 * @example
 * const header = await geoStatusAuthorization(site.node);
 */
export async function geoStatusAuthorization(
  node: Pick<GeoNode, 'id' | 'accessKey' | 'secretAccessKey'>,
  options: { readonly now?: Date } = {},
): Promise<string> {
  const token = await signStatusToken(node.secretAccessKey, { geoNodeId: node.id }, options);
  return formatGeoAuthorization({ accessKey: node.accessKey, token });
}
