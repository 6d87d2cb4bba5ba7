import type { GeoNode } from '../sites/geo-node.ts';
import { parseGeoAuthorization } from './authorization-header.ts';
import {
  TRANSFER_CLOCK_LEEWAY_SECONDS,
  verifyRepositorySyncToken,
  verifyStatusToken,
  verifyTransferToken,
  type GeoTokenVerification,
  type RepositorySyncData,
  type TransferData,
} from './transfer-token.ts';

/** Just what authentication needs of `GeoNodes`. */
export interface AccessKeyLookup {
  findEnabledByAccessKey(accessKey: string): Promise<GeoNode | undefined>;
}

/** Why a transfer request was refused. Server-side detail: the client sees only `message`. */
export const TRANSFER_AUTH_FAILURES = [
  'missing-header',
  'malformed-header',
  'unknown-access-key',
  'invalid-token',
  'outside-validity-window',
  'data-mismatch',
] as const;
export type TransferAuthFailure = (typeof TRANSFER_AUTH_FAILURES)[number];

export type TransferAuthResult =
  | { readonly kind: 'authorized'; readonly node: GeoNode }
  | {
      readonly kind: 'unauthorized';
      readonly failure: TransferAuthFailure;
      /** Safe to send: it helps an administrator without telling an attacker which part was wrong. */
      readonly message: string;
    };

const UNAUTHORIZED = '401 Unauthorized';
const FORMAT_HINT = `${UNAUTHORIZED}: expected the header 'Authorization: GL-Geo <access_key>:<JWT>'`;
const CLOCK_HINT =
  `${UNAUTHORIZED}: signature not within leeway of ${TRANSFER_CLOCK_LEEWAY_SECONDS} seconds. ` +
  'Check the system clocks of both sites (NTP).';

/**
 * Authenticates a transfer request on the primary: the header names an enabled site by its access
 * key, the token is signed with that site's secret, is within its minute, and grants exactly the
 * record requested. Unknown keys, bad signatures and mismatching data share one message, so a
 * caller cannot probe which keys exist.
 *
 * @example
 * const auth = await authenticateTransfer(site.nodes, c.req.header('Authorization'), {
 *   replicableName: 'package_file',
 *   replicableId: 42,
 * });
 * if (auth.kind === 'unauthorized') return c.json({ message: auth.message }, 401);
 */
export function authenticateTransfer(
  nodes: AccessKeyLookup,
  header: string | undefined,
  requested: TransferData,
  options: { readonly now?: Date } = {},
): Promise<TransferAuthResult> {
  return authenticateGeoRequest(
    nodes,
    header,
    (secret, token) => verifyTransferToken(secret, token, options),
    // A token is for one record: replaying it for another id or replicable is refused.
    (granted) =>
      granted.replicableName === requested.replicableName &&
      granted.replicableId === requested.replicableId,
  );
}

/**
 * Authenticates a git request for one repository as authenticateTransfer does a file's: the
 * token must be a repository sync token whose scope is exactly this repository's full path.
 *
 * @example
 * const auth = await authenticateRepositorySync(site.nodes, header, { fullPath: 'group/app' });
 */
export function authenticateRepositorySync(
  nodes: AccessKeyLookup,
  header: string | undefined,
  requested: RepositorySyncData,
  options: { readonly now?: Date } = {},
): Promise<TransferAuthResult> {
  return authenticateGeoRequest(
    nodes,
    header,
    (secret, token) => verifyRepositorySyncToken(secret, token, options),
    (granted) => granted.fullPath === requested.fullPath,
  );
}

/**
 * Authenticates a secondary posting its status: the token must be a status token naming the very
 * site whose key signed it, so a site can only ever speak for itself.
 *
 * @example
 * const auth = await authenticateStatusPost(site.nodes, c.req.header('Authorization'));
 * if (auth.kind === 'authorized') await receiveSiteStatus(site, auth.node, fields);
 */
export function authenticateStatusPost(
  nodes: AccessKeyLookup,
  header: string | undefined,
  options: { readonly now?: Date } = {},
): Promise<TransferAuthResult> {
  return authenticateGeoRequest(
    nodes,
    header,
    (secret, token) => verifyStatusToken(secret, token, options),
    (granted, node) => granted.geoNodeId === node.id,
  );
}

async function authenticateGeoRequest<Data>(
  nodes: AccessKeyLookup,
  header: string | undefined,
  verify: (secretAccessKey: string, token: string) => Promise<GeoTokenVerification<Data>>,
  grants: (data: Data, node: GeoNode) => boolean,
): Promise<TransferAuthResult> {
  if (header === undefined || header === '') return refuse('missing-header', FORMAT_HINT);
  const credentials = parseGeoAuthorization(header);
  if (!credentials) return refuse('malformed-header', FORMAT_HINT);
  const node = await nodes.findEnabledByAccessKey(credentials.accessKey);
  if (!node) return refuse('unknown-access-key', UNAUTHORIZED);
  const verification = await verify(node.secretAccessKey, credentials.token);
  switch (verification.kind) {
    case 'invalid':
      return refuse('invalid-token', UNAUTHORIZED);
    case 'outside-validity-window':
      return refuse('outside-validity-window', CLOCK_HINT);
    case 'valid':
      if (!grants(verification.data, node)) return refuse('data-mismatch', UNAUTHORIZED);
      return { kind: 'authorized', node };
  }
}

function refuse(failure: TransferAuthFailure, message: string): TransferAuthResult {
  return { kind: 'unauthorized', failure, message };
}
