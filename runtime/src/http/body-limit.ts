import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { restErrorBody, type ErrorBodyFormat } from './error-body.ts';

/**
 * The largest request body a site reads: 1 MiB. The only route that takes a body is GraphQL, whose
 * requests are a few KiB; the longest filter it accepts (`GRAPHQL_LIMITS.filterListEntries` ids)
 * fits with room to spare.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * Refuses a body over `MAX_REQUEST_BODY_BYTES` with 413, from its `Content-Length` before reading
 * it, or while reading a chunked one.
 *
 * @example app.use(requestBodyLimit());
 */
export function requestBodyLimit(errorBody: ErrorBodyFormat = restErrorBody): MiddlewareHandler {
  return bodyLimit({
    maxSize: MAX_REQUEST_BODY_BYTES,
    onError: (c) =>
      c.json(
        errorBody(
          `The request body is over ${MAX_REQUEST_BODY_BYTES} bytes (1 MiB), the most this site ` +
            'reads: send less per request.',
        ),
        413,
      ),
  });
}
