import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import { GRAPHQL_PATH } from '../../graphql/routes.ts';

interface GraphQLErrorJson {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

/** A response of the API: the HTTP status and the decoded body. */
export interface GraphQLHttpResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T | null | undefined;
  readonly errors: readonly GraphQLErrorJson[] | undefined;
}

/** A GraphQL client of a server listening on 127.0.0.1. */
export interface GraphQLTestClient {
  readonly url: string;
  post<T>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { readonly token?: string | null },
  ): Promise<GraphQLHttpResponse<T>>;
}

/**
 * Serves `app()` (re-evaluated on every request, so each test gets the app it built) on a real
 * socket on 127.0.0.1 for the tests of the calling `describe`.
 *
 * @example const client = useGraphQLServer(() => app, { token: 'secret' });
 */
export function useGraphQLServer(
  app: () => Hono,
  defaults: { readonly token?: string } = {},
): GraphQLTestClient {
  let server: ServerType | undefined;
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve(
        { fetch: (request) => app().fetch(request), port: 0, hostname: '127.0.0.1' },
        (info: AddressInfo) => {
          url = `http://127.0.0.1:${info.port}${GRAPHQL_PATH}`;
          resolve();
        },
      );
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return {
    get url() {
      return url;
    },
    async post<T>(
      query: string,
      variables: Record<string, unknown> = {},
      options: { readonly token?: string | null } = {},
    ) {
      const token = options.token === undefined ? defaults.token : options.token;
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T | null; errors?: GraphQLErrorJson[] };
      return {
        status: response.status,
        headers: response.headers,
        data: body.data,
        errors: body.errors,
      };
    },
  };
}
