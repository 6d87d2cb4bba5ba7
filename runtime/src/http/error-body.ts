import type { JSONObject } from 'hono/utils/types';

/** How a set of routes words an error: REST routes `{ message }`, GraphQL `{ errors: [...] }`. */
export type ErrorBodyFormat = (message: string) => JSONObject;

/** The error body of the REST routes (`/api/v4/…`), as GitLab's API answers. */
export const restErrorBody: ErrorBodyFormat = (message) => ({ message });

/** The error body of the GraphQL route: a result with only `errors`. */
export const graphqlErrorBody: ErrorBodyFormat = (message) => ({ errors: [{ message }] });
