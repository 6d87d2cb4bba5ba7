import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { restErrorBody, type ErrorBodyFormat } from './error-body.ts';

/** Where an operator gives a site its admin token (`geo-runtime site:start`). */
export const ADMIN_TOKEN_SETTING = '--admin-token <token> (or GEO_ADMIN_TOKEN)';

/** Whether a request may use an administrator's route, and if not, why. */
export type AdminAccess =
  | { readonly kind: 'allowed' }
  /** The site has no admin token: nothing a client sends opens these routes. */
  | { readonly kind: 'no-admin-token' }
  /** No `Authorization: Bearer …` header (or a blank one). */
  | { readonly kind: 'missing-token' }
  | { readonly kind: 'wrong-token' };

/** A configured token that can never match would lock everyone out: say so at start-up. */
export class EmptyAdminTokenError extends Error {
  override readonly name = 'EmptyAdminTokenError';
  constructor() {
    super(
      'adminToken is empty or blank, so no request could ever be authorized. Give it a secret, ' +
        "or leave it undefined to turn the administrators' routes off.",
    );
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares two secrets in constant time: digests make the lengths equal for `timingSafeEqual`,
 * which has no early exit on the first wrong byte. Every admin token comparison goes through it.
 *
 * @example secretsEqual(given, adminToken)
 */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Decides a request for an administrator's route from its `Authorization` header.
 *
 * @example adminAccess('secret', 'Bearer secret') // { kind: 'allowed' }
 */
export function adminAccess(
  adminToken: string | undefined,
  authorization: string | undefined,
): AdminAccess {
  if (adminToken === undefined) return { kind: 'no-admin-token' };
  const given = /^Bearer\s+(.*)$/is.exec(authorization ?? '')?.[1]?.trim();
  if (given === undefined || given === '') return { kind: 'missing-token' };
  return secretsEqual(given, adminToken) ? { kind: 'allowed' } : { kind: 'wrong-token' };
}

export interface AdminGuardOptions {
  /** The site's admin token; undefined: the routes behind the guard are off. */
  readonly adminToken: string | undefined;
  /** What the guard protects, for its refusals: "the status API". */
  readonly what: string;
  /** Refusals in the routes' own format (default `{ message }`). */
  readonly errorBody?: ErrorBodyFormat;
}

/**
 * Middleware in front of every route for administrators: 403 when the site has no admin token
 * (saying how to give it one), 401 without the token or with another one (saying which header to
 * send), else the route. Throws `EmptyAdminTokenError` for a blank token.
 *
 * @example app.get('/api/v4/geo_nodes/status', adminGuard({ adminToken, what: 'the status API' }), handler);
 */
export function adminGuard(options: AdminGuardOptions): MiddlewareHandler {
  const { adminToken, what } = options;
  if (adminToken !== undefined && adminToken.trim() === '') throw new EmptyAdminTokenError();
  const body = options.errorBody ?? restErrorBody;
  return async (c, next) => {
    const access = adminAccess(adminToken, c.req.header('authorization'));
    switch (access.kind) {
      case 'allowed':
        return next();
      case 'no-admin-token':
        return c.json(
          body(
            `This site was started without an admin token, so ${what} is off. Start it with ` +
              `${ADMIN_TOKEN_SETTING}, then send \`Authorization: Bearer <token>\`.`,
          ),
          403,
        );
      case 'missing-token':
        c.header('WWW-Authenticate', 'Bearer realm="geo"');
        return c.json(
          body(
            `${capitalized(what)} needs this site's admin token: send \`Authorization: Bearer <token>\`.`,
          ),
          401,
        );
      case 'wrong-token':
        c.header('WWW-Authenticate', 'Bearer realm="geo", error="invalid_token"');
        return c.json(
          body(
            "The token in `Authorization: Bearer <token>` is not this site's admin token: send " +
              `the one the site was started with (${ADMIN_TOKEN_SETTING}).`,
          ),
          401,
        );
    }
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
