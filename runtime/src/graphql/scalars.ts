import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toDate(value: unknown): Date {
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError(
      `Time must be an ISO 8601 date-time such as "2026-03-01T12:00:00Z"; got ${JSON.stringify(value)}.`,
    );
  }
  return date;
}

/**
 * A point in time, as an ISO 8601 string in UTC.
 *
 * @example { packageFileRegistries { nodes { lastSyncedAt } } } // "2026-03-01T12:00:00.000Z"
 */
export const TimeScalar = new GraphQLScalarType<Date, string>({
  name: 'Time',
  description: 'A point in time, in ISO 8601 (UTC), e.g. "2026-03-01T12:00:00.000Z".',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Time must be given as a string.');
    return toDate(ast.value);
  },
});
