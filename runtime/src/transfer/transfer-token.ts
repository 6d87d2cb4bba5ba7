import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** A transfer token is valid for one minute after it is signed. */
export const TRANSFER_TOKEN_TTL_SECONDS = 60;
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
export async function signTransferToken(
  secretAccessKey: string,
  data: TransferData,
  options: { readonly now?: Date } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  // The wire format of the original: `data` is a JSON string, with snake_case keys.
  const claim = JSON.stringify({
    replicable_name: data.replicableName,
    replicable_id: data.replicableId,
  });
  return new SignJWT({ data: claim })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat - NOT_BEFORE_SKEW_SECONDS)
    .setExpirationTime(iat + TRANSFER_TOKEN_TTL_SECONDS)
    .sign(secretKey(secretAccessKey));
}

/** Why a token was refused, or what it grants. */
export type TransferTokenVerification =
  | { readonly kind: 'valid'; readonly data: TransferData }
  /**
   * Signed by the right key, but outside its minute (plus leeway), or issued in the future: the
   * clocks disagree.
   */
  | { readonly kind: 'outside-validity-window' }
  /** Forged, tampered with, signed with another key, or not a transfer token at all. */
  | { readonly kind: 'invalid' };

/**
 * Verifies a transfer token with the secret of the site it claims to come from, allowing
 * TRANSFER_CLOCK_LEEWAY_SECONDS of clock skew. Only HS256 is accepted (never `none`).
 *
 * @example
 * const verification = await verifyTransferToken(node.secretAccessKey, jwt);
 * if (verification.kind === 'valid') console.log(verification.data.replicableId);
 */
export async function verifyTransferToken(
  secretAccessKey: string,
  token: string,
  options: { readonly now?: Date } = {},
): Promise<TransferTokenVerification> {
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
  const data = parseDataClaim(payload.data);
  return data ? { kind: 'valid', data } : { kind: 'invalid' };
}

function parseDataClaim(claim: unknown): TransferData | undefined {
  if (typeof claim !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(claim);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { replicable_name: name, replicable_id: id } = parsed as Record<string, unknown>;
  if (typeof name !== 'string' || typeof id !== 'number' || !Number.isSafeInteger(id))
    return undefined;
  return { replicableName: name, replicableId: id };
}

function secretKey(secretAccessKey: string): Uint8Array {
  return new TextEncoder().encode(secretAccessKey);
}
