// Who may read a site's repositories over HTTP besides Geo secondaries: how users authenticate to
// the host application is its own business, so a site offers its admin token, or anyone.
import { ADMIN_TOKEN_SETTING, secretsEqual } from '../http/admin-access.ts';
import type { GitAccess } from '../git-http/git-access.ts';

/**
 * `admin`: users read with the site's admin token (the default). `open`: anyone who can reach the
 * site reads every repository it serves; for a site behind the host's own authentication.
 */
export const GIT_READ_ACCESS_MODES = ['admin', 'open'] as const;
export type GitReadAccess = (typeof GIT_READ_ACCESS_MODES)[number];
export const DEFAULT_GIT_READ_ACCESS: GitReadAccess = 'admin';

/** Where an operator sets the mode (`geo-runtime site:start`). */
export const GIT_READ_ACCESS_SETTING = '--git-read-access open (or GEO_GIT_READ_ACCESS=open)';

/** What git's credential prompt and helpers answer to: HTTP Basic, the token as the password. */
export const GIT_BASIC_CHALLENGE = 'Basic realm="geo"';

const HOW_TO_SEND =
  'send `Authorization: Bearer <token>` (git -c http.extraHeader="Authorization: Bearer <token>") ' +
  'or the token as the password of HTTP Basic (any user name)';

const WRONG_TOKEN_HINT = `${HOW_TO_SEND}, the one the site was started with (${ADMIN_TOKEN_SETTING})`;

/** The credential a user's request carries. */
type UserCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly scheme: 'bearer' | 'basic'; readonly token: string }
  /** A scheme this check does not take (GL-Geo on a secondary, Digest, a garbled header). */
  | { readonly kind: 'other' };

/**
 * Reads `Authorization: Bearer <token>` or `Authorization: Basic base64(<user>:<token>)`.
 *
 * @example userCredential('Basic ' + btoa('me:secret')); // { kind: 'token', scheme: 'basic', token: 'secret' }
 */
export function userCredential(authorization: string | undefined): UserCredential {
  if (authorization === undefined || authorization.trim() === '') return { kind: 'none' };
  const [name = '', value = ''] = authorization.trim().split(/\s+(.*)/s);
  const scheme = name.toLowerCase();
  let token = '';
  if (scheme === 'bearer') token = value.trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    token = colon < 0 ? '' : decoded.slice(colon + 1);
  }
  return (scheme === 'bearer' || scheme === 'basic') && token !== ''
    ? { kind: 'token', scheme, token }
    : { kind: 'other' };
}

/**
 * Whether a user may read `fullPath` with what the request carries, in the `admin` mode: the
 * site's admin token (compared in constant time) grants. A request without credentials gets 401
 * and a Basic challenge, so that git asks its credential helper (or the user); a wrong Basic
 * password 401, so that git forgets it; a wrong header of another kind 403, because git can send
 * nothing else in its place (an `http.extraHeader` wins over any password). Each says what to send,
 * and git prints it (except when it goes on to ask for a password).
 *
 * @example adminTokenAccess('secret', 'Bearer secret', 'group/app'); // { kind: 'granted' }
 */
export function adminTokenAccess(
  adminToken: string | undefined,
  authorization: string | undefined,
  fullPath: string,
): GitAccess {
  // No credential could help: 403 without a challenge, so git shows the message at once.
  if (adminToken === undefined) {
    return {
      kind: 'denied',
      status: 403,
      message:
        `This site was started without an admin token, so no user may read ${fullPath} from it ` +
        `over HTTP. Start it with ${ADMIN_TOKEN_SETTING} and ${HOW_TO_SEND}, or with ` +
        `${GIT_READ_ACCESS_SETTING} to let anyone read.`,
    };
  }
  const credential = userCredential(authorization);
  switch (credential.kind) {
    case 'none':
      return {
        kind: 'denied',
        status: 401,
        message: `Reading ${fullPath} from this site needs its admin token: ${HOW_TO_SEND}.`,
        challenge: GIT_BASIC_CHALLENGE,
      };
    case 'token':
      if (secretsEqual(credential.token, adminToken)) return { kind: 'granted' };
      return {
        kind: 'denied',
        status: credential.scheme === 'basic' ? 401 : 403,
        message: `That is not this site's admin token: ${WRONG_TOKEN_HINT}.`,
      };
    case 'other':
      return {
        kind: 'denied',
        status: 403,
        message: `This site does not take that Authorization header from users: ${WRONG_TOKEN_HINT}.`,
      };
  }
}
