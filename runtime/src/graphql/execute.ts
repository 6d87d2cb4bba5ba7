import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { UndefinedFeatureFlagError } from '../feature-flags/feature-flags.ts';
import { TrackingDatabaseMissingError } from '../sites/geo-site.ts';
import { InvalidTransitionError } from '../states/state-machine.ts';
import type { GeoGraphQLContext } from './context.ts';
import { GeoGraphQLUserError } from './errors.ts';
import { queryLimitsRule } from './limits.ts';

/** A GraphQL request as clients send it (body of a POST, or the query string of a GET). */
export interface GeoGraphQLRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly operationName?: string | null;
}

/**
 * What became of a request: executed (possibly with field errors), refused before execution
 * (syntax, validation, variables), or a mutation where only queries are allowed (GET).
 */
export type GeoGraphQLOutcome =
  | { readonly kind: 'executed'; readonly result: FormattedExecutionResult }
  | { readonly kind: 'rejected'; readonly result: FormattedExecutionResult }
  | { readonly kind: 'mutation-not-allowed' };

export interface ExecuteGeoGraphQLOptions {
  readonly schema: GraphQLSchema;
  readonly context: GeoGraphQLContext;
  readonly request: GeoGraphQLRequest;
  /** False for GET requests: a link or a prefetch must never change state. Default true. */
  readonly allowMutations?: boolean;
  /** Receives errors whose message is hidden from the client (default: console.error). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

// Errors of the runtime whose messages say what to fix and reveal nothing they should not.
const PUBLIC_ERRORS = [
  TrackingDatabaseMissingError,
  InvalidTransitionError,
  UndefinedFeatureFlagError,
];

/**
 * The message a client may see for an error thrown while serving it, or undefined when it must
 * be hidden (a database error, a bug): those are for the site's log.
 */
export function publicMessage(error: unknown): string | undefined {
  if (error instanceof GeoGraphQLUserError || error instanceof GraphQLError) return error.message;
  return PUBLIC_ERRORS.some((kind) => error instanceof kind) ? (error as Error).message : undefined;
}

function formatError(
  error: GraphQLError,
  onUnexpected: (error: unknown) => void,
): GraphQLFormattedError {
  const original = error.originalError;
  if (original === undefined || original instanceof GraphQLError) return error.toJSON();
  const message = publicMessage(original);
  if (message === undefined) {
    onUnexpected(original);
    return { ...error.toJSON(), message: "Internal error; the site's log has the details." };
  }
  const code = original instanceof GeoGraphQLUserError ? original.code : undefined;
  return { ...error.toJSON(), ...(code && { extensions: { ...error.extensions, code } }) };
}

/**
 * Parses, validates (with `GRAPHQL_LIMITS`) and executes one request against a Geo schema,
 * hiding unexpected errors.
 *
 * @example
 * const outcome = await executeGeoGraphQL({
 *   schema: await schemas.schemaFor(site),
 *   context: { site },
 *   request: { query: '{ geoNode { name packageFileRegistries { count } } }' },
 * });
 */
export async function executeGeoGraphQL(
  options: ExecuteGeoGraphQLOptions,
): Promise<GeoGraphQLOutcome> {
  const { schema, context, request } = options;
  const onUnexpected = options.onUnexpectedError ?? ((error) => console.error(error));
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    if (error instanceof GraphQLError)
      return { kind: 'rejected', result: { errors: [error.toJSON()] } };
    throw error;
  }
  // The limits first and alone: a huge request is refused before the standard rules walk it.
  const tooLarge = validate(schema, document, [queryLimitsRule(request.variables)]);
  const invalid = tooLarge.length > 0 ? tooLarge : validate(schema, document);
  if (invalid.length > 0) {
    return { kind: 'rejected', result: { errors: invalid.map((error) => error.toJSON()) } };
  }
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (operation?.operation === 'mutation') {
    if (options.allowMutations === false) return { kind: 'mutation-not-allowed' };
    if (!schema.getMutationType()) {
      const message =
        'This site has no registry mutations: it declares no replicable. Add one with ' +
        '`geo-gen replicable <Name>` to manage its registries.';
      return { kind: 'rejected', result: { errors: [{ message }] } };
    }
  }
  const result = await execute({
    schema,
    document,
    contextValue: context,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
  });
  const formatted: FormattedExecutionResult = {
    ...(result.errors && {
      errors: result.errors.map((error) => formatError(error, onUnexpected)),
    }),
    ...('data' in result && { data: result.data }),
  };
  // Without `data` nothing ran: bad variables or an unknown operation name.
  return { kind: 'data' in result ? 'executed' : 'rejected', result: formatted };
}
