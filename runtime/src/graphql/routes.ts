import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { adminGuard } from '../http/admin-access.ts';
import { requestBodyLimit } from '../http/body-limit.ts';
import { graphqlErrorBody } from '../http/error-body.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import {
  executeGeoGraphQL,
  publicMessage,
  type GeoGraphQLOutcome,
  type GeoGraphQLRequest,
} from './execute.ts';
import type { GeoNodeRegistryField } from './registry-field.ts';
import { GeoSchemaCache } from './schema.ts';

/** Where each site serves its GraphQL API. */
export const GRAPHQL_PATH = '/api/graphql';

export interface GraphqlRoutesOptions {
  readonly site: GeoSite;
  /** The host's registry fields (`GEO_NODE_REGISTRY_FIELDS`). */
  readonly registryFields: readonly GeoNodeRegistryField[];
  /**
   * Every request needs `Authorization: Bearer <adminToken>` (401 otherwise). Unset, the API is
   * off (403): its mutations change registries, and its queries show what the status API does.
   */
  readonly adminToken?: string;
  /** Receives errors hidden from clients (default: console.error). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

type RequestParse =
  | { readonly kind: 'ok'; readonly request: GeoGraphQLRequest }
  | { readonly kind: 'bad'; readonly status: ContentfulStatusCode; readonly message: string };

const errorBody = graphqlErrorBody;

function requestFrom(fields: Record<string, unknown>): RequestParse {
  const { query, variables, operationName } = fields;
  if (typeof query !== 'string' || query.trim() === '') {
    return {
      kind: 'bad',
      status: 400,
      message: 'Send the GraphQL document as a non-empty string in `query`.',
    };
  }
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return { kind: 'bad', status: 400, message: '`variables` must be a JSON object (or null).' };
  }
  if (operationName != null && typeof operationName !== 'string') {
    return { kind: 'bad', status: 400, message: '`operationName` must be a string (or null).' };
  }
  return {
    kind: 'ok',
    request: {
      query,
      variables: (variables ?? null) as Record<string, unknown> | null,
      operationName: operationName ?? null,
    },
  };
}

async function parseRequest(c: Context): Promise<RequestParse> {
  if (c.req.method === 'GET') {
    const variables = c.req.query('variables');
    let parsed: unknown = null;
    try {
      parsed = variables ? JSON.parse(variables) : null;
    } catch {
      return {
        kind: 'bad',
        status: 400,
        message: '`variables` must be JSON-encoded in the query string.',
      };
    }
    return requestFrom({
      query: c.req.query('query'),
      variables: parsed,
      operationName: c.req.query('operationName'),
    });
  }
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) {
    return {
      kind: 'bad',
      status: 415,
      message: 'POST the request as JSON: Content-Type: application/json, body {"query": "…"}.',
    };
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    return {
      kind: 'bad',
      status: 400,
      message: `The body is not valid JSON: ${(error as Error).message}`,
    };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { kind: 'bad', status: 400, message: 'The body must be a JSON object: {"query": "…"}.' };
  }
  return requestFrom(body as Record<string, unknown>);
}

function respond(c: Context, outcome: GeoGraphQLOutcome): Response {
  switch (outcome.kind) {
    case 'executed':
      return c.json(outcome.result, 200);
    case 'rejected':
      return c.json(outcome.result, 400);
    case 'mutation-not-allowed':
      c.header('Allow', 'POST');
      return c.json(errorBody('Mutations change state: send them with POST, not GET.'), 405);
  }
}

/**
 * The site's GraphQL API over HTTP: `POST` (and, for queries only, `GET`) on `/api/graphql`.
 * Results and field errors answer 200; requests refused before execution (including those beyond
 * `GRAPHQL_LIMITS`) 400; a wrong or missing admin token 401; a site without one 403; a mutation
 * over GET, or another method, 405; a body over `MAX_REQUEST_BODY_BYTES` 413.
 *
 * Queries need the token as much as mutations: they list every registry with its sync failures
 * (paths, hosts) and count what the status API counts, which is for administrators only.
 *
 * @example
 * const app = new Hono();
 * app.route('/', graphqlRoutes({ site, registryFields: GEO_NODE_REGISTRY_FIELDS, adminToken }));
 * serve({ fetch: app.fetch, port: 3000 });
 */
export function graphqlRoutes(options: GraphqlRoutesOptions): Hono {
  const { site } = options;
  const guard = adminGuard({
    adminToken: options.adminToken,
    what: 'its GraphQL API',
    errorBody,
  });
  const schemas = new GeoSchemaCache(options.registryFields);
  const onUnexpectedError = options.onUnexpectedError ?? ((error) => console.error(error));
  const app = new Hono();

  const allowedMethods: MiddlewareHandler = async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'POST') return next();
    c.header('Allow', 'GET, POST');
    return c.json(errorBody(`Use POST (or GET for queries) on ${GRAPHQL_PATH}.`), 405);
  };

  app.all(GRAPHQL_PATH, allowedMethods, guard, requestBodyLimit(errorBody), async (c) => {
    const parsed = await parseRequest(c);
    if (parsed.kind === 'bad') return c.json(errorBody(parsed.message), parsed.status);

    try {
      const outcome = await executeGeoGraphQL({
        schema: await schemas.schemaFor(site),
        context: { site },
        request: parsed.request,
        allowMutations: c.req.method === 'POST',
        onUnexpectedError,
      });
      return respond(c, outcome);
    } catch (error) {
      const message = publicMessage(error);
      if (message === undefined) onUnexpectedError(error);
      return c.json(errorBody(message ?? "Internal error; the site's log has the details."), 500);
    }
  });
  return app;
}
