import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** A transfer token is valid for one minute after it is signed. */
export const TRANSFER_TOKEN_TTL_SECONDS = 60;
/** A repository sync token lives ten minutes (the original's `RepoSyncRequest`): a clone takes long. */
export const REPOSITORY_SYNC_TOKEN_TTL_SECONDS = 600;
/** How far apart the two sites' clocks may be before tokens are refused. */
export const TRANSFER_CLOCK_LEEWAY_SECONDS = 60;
/** Tokens are valid from a little before they were signed: the primary's clock may be behind. */
const NOT_BEFORE_SKEW_SECONDS = 5;

/** What a transfer token is for: one record of one replicable (the JWT's `data` claim). */
export interface TransferData {
  readonly replicableName: string;
  readonly replicableId: number;
}

/**
 * What a repository sync token is for: one git repository, by its full path (the JWT's `data`
 * claim is `{"scope":"<full_path>"}`, as the original's `RepoSyncRequest`). A blob token is never
 * a repository token, nor the other way round: each verifier accepts only its own `data`.
 */
export interface RepositorySyncData {
  readonly fullPath: string;
}

/**
 * Signs a token that lets its holder fetch one record's file, HS256 with the requesting
 * secondary's secret access key. Claims: `data` (a JSON string naming the replicable and the id),
 * `jti`, `iat`, `nbf` (5 s early) and `exp` (one minute later).
 *
 * @example
 * const jwt = await signTransferToken(secondary.secretAccessKey, {
 *   replicableName: 'package_file',
 *   replicableId: 42,
 * });
 */
export function signTransferToken(
  secretAccessKey: string,
  data: TransferData,
  options: { readonly now?: Date } = {},
): Promise<string> {
  // The wire format of the original: `data` is a JSON string, with snake_case keys.
  const claim = { replicable_name: data.replicableName, replicable_id: data.replicableId };
  return signGeoToken(secretAccessKey, claim, TRANSFER_TOKEN_TTL_SECONDS, options);
}

/**
 * Signs a token that lets its holder fetch one git repository for ten minutes, as
 * signTransferToken does for a file.
 *
 * @example
 * const jwt = await signRepositorySyncToken(secondary.secretAccessKey, { fullPath: 'group/app' });
 */
export function signRepositorySyncToken(
  secretAccessKey: string,
  data: RepositorySyncData,
  options: { readonly now?: Date } = {},
): Promise<string> {
  const claim = { scope: data.fullPath };
  return signGeoToken(secretAccessKey, claim, REPOSITORY_SYNC_TOKEN_TTL_SECONDS, options);
}

/**
 * What a status token is for: posting the status of one site, by its `geo_nodes` id (the JWT's
 * `data` claim is `{"geo_node_id":<id>}`). Neither a file's nor a repository's token is one.
 */
export interface StatusData {
  readonly geoNodeId: number;
}

/**
 * Signs a token that lets a secondary post its own status to the primary for one minute, as
 * signTransferToken does for a file.
 *
 * @example
 * const jwt = await signStatusToken(secondary.secretAccessKey, { geoNodeId: secondary.id });
 */
export function signStatusToken(
  secretAccessKey: string,
  data: StatusData,
  options: { readonly now?: Date } = {},
): Promise<string> {
  return signGeoToken(
    secretAccessKey,
    { geo_node_id: data.geoNodeId },
    TRANSFER_TOKEN_TTL_SECONDS,
    options,
  );
}

function signGeoToken(
  secretAccessKey: string,
  claim: Record<string, string | number>,
  ttlSeconds: number,
  options: { readonly now?: Date },
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ data: JSON.stringify(claim) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat - NOT_BEFORE_SKEW_SECONDS)
    .setExpirationTime(iat + ttlSeconds)
    .sign(secretKey(secretAccessKey));
}

/** Why a token was refused, or what it grants. */
export type GeoTokenVerification<Data> =
  | { readonly kind: 'valid'; readonly data: Data }
  /**
   * Signed by the right key, but outside its minute (plus leeway), or issued in the future: the
   * clocks disagree.
   */
  | { readonly kind: 'outside-validity-window' }
  /** Forged, tampered with, signed with another key, or not a transfer token at all. */
  | { readonly kind: 'invalid' };

/** The verification of a file transfer token. */
export type TransferTokenVerification = GeoTokenVerification<TransferData>;

/**
 * Verifies a transfer token with the secret of the site it claims to come from, allowing
 * TRANSFER_CLOCK_LEEWAY_SECONDS of clock skew. Only HS256 is accepted (never `none`).
 *
 * @example
 * const verification = await verifyTransferToken(node.secretAccessKey, jwt);
 * if (verification.kind === 'valid') console.log(verification.data.replicableId);
 */
export function verifyTransferToken(
  secretAccessKey: string,
  token: string,
  options: { readonly now?: Date } = {},
): Promise<TransferTokenVerification> {
  return verifyGeoToken(secretAccessKey, token, parseTransferData, options);
}

/**
 * Verifies a repository sync token as verifyTransferToken does a file's; a file's token is
 * invalid here.
 *
 * @example
 * const verification = await verifyRepositorySyncToken(node.secretAccessKey, jwt);
 * if (verification.kind === 'valid') console.log(verification.data.fullPath);
 */
export function verifyRepositorySyncToken(
  secretAccessKey: string,
  token: string,
  options: { readonly now?: Date } = {},
): Promise<GeoTokenVerification<RepositorySyncData>> {
  return verifyGeoToken(secretAccessKey, token, parseRepositorySyncData, options);
}

/**
 * Verifies a status token as verifyTransferToken does a file's; other tokens are invalid here.
 *
 * @example
 * const verification = await verifyStatusToken(node.secretAccessKey, jwt);
 * if (verification.kind === 'valid') console.log(verification.data.geoNodeId);
 */
export function verifyStatusToken(
  secretAccessKey: string,
  token: string,
  options: { readonly now?: Date } = {},
): Promise<GeoTokenVerification<StatusData>> {
  return verifyGeoToken(secretAccessKey, token, parseStatusData, options);
}

async function verifyGeoToken<Data>(
  secretAccessKey: string,
  token: string,
  parseData: (data: Record<string, unknown>) => Data | undefined,
  options: { readonly now?: Date },
): Promise<GeoTokenVerification<Data>> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secretKey(secretAccessKey), {
      algorithms: ['HS256'],
      clockTolerance: TRANSFER_CLOCK_LEEWAY_SECONDS,
      requiredClaims: ['data', 'exp', 'iat', 'nbf', 'jti'],
      ...(options.now && { currentDate: options.now }),
    }));
  } catch (error) {
    // jose checks the signature before the times, so these two mean a genuine token, late or early.
    if (error instanceof errors.JWTExpired) return { kind: 'outside-validity-window' };
    if (error instanceof errors.JWTClaimValidationFailed && ['nbf', 'iat'].includes(error.claim)) {
      return { kind: 'outside-validity-window' };
    }
    return { kind: 'invalid' };
  }
  // jose checks `iat` only against a maximum age; the original also refuses one from the future.
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (typeof payload.iat !== 'number' || payload.iat > now + TRANSFER_CLOCK_LEEWAY_SECONDS) {
    return { kind: 'outside-validity-window' };
  }
  const claim = parseDataClaim(payload.data);
  const data = claim && parseData(claim);
  return data ? { kind: 'valid', data } : { kind: 'invalid' };
}

/** The `data` claim: a JSON string holding an object. */
function parseDataClaim(claim: unknown): Record<string, unknown> | undefined {
  if (typeof claim !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(claim);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  return Object.fromEntries(Object.entries(parsed));
}

function parseTransferData(data: Record<string, unknown>): TransferData | undefined {
  const { replicable_name: name, replicable_id: id } = data;
  if (typeof name !== 'string' || typeof id !== 'number' || !Number.isSafeInteger(id))
    return undefined;
  return { replicableName: name, replicableId: id };
}

function parseRepositorySyncData(data: Record<string, unknown>): RepositorySyncData | undefined {
  const { scope } = data;
  return typeof scope === 'string' && scope !== '' ? { fullPath: scope } : undefined;
}

function parseStatusData(data: Record<string, unknown>): StatusData | undefined {
  const { geo_node_id: id } = data;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0
    ? { geoNodeId: id }
    : undefined;
}

function secretKey(secretAccessKey: string): Uint8Array {
  return new TextEncoder().encode(secretAccessKey);
}
