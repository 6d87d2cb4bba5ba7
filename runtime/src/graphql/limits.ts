import {
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  GraphQLInt,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  valueFromAST,
  type ASTVisitor,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { GeoGraphQLErrorCode } from './errors.ts';
import { MAX_PAGE_SIZE } from './pagination.ts';

/**
 * What one GraphQL request may ask for; anything beyond is refused before it runs, with an error
 * naming the limit. Each is far above what the runtime's own clients, its tests and the standard
 * introspection query (GraphiQL, codegen) need, and low enough that a request cannot keep a site
 * busy for long.
 */
export const GRAPHQL_LIMITS = Object.freeze({
  /**
   * Fields nested in fields, counted through fragments. The deepest real query is introspection's
   * (`getIntrospectionQuery()`: 15, for its chain of `ofType`); registry queries need 4
   * (`geoNode { …Registries { edges { node { id } } } }`).
   */
  depth: 20,
  /**
   * Aliased fields in an operation, counted through fragments. Aliases let one request repeat a
   * field (`a1: geoNode { … } a2: geoNode { … }`) as often as it likes; 100 covers asking for
   * every site by name, or every registry field twice.
   */
  aliases: 100,
  /**
   * Fields an operation may resolve: every field counts 1, and inside a connection each field of
   * its items counts once per item of the page (`first`/`last`, else the page size limit,
   * `MAX_PAGE_SIZE`). A full page of every registry field is about 2,200. Lists outside
   * connections are introspection's, sized by the schema and not by data: they count once, and
   * graphql-js's own `MaxIntrospectionDepthRule` refuses lists of them nested in each other.
   */
  cost: 10_000,
  /** Entries of a list filter (`ids: [...]`); more would not fit in one database statement. */
  filterListEntries: 10_000,
});

/** The limits a validation rule checks (`filterListEntries` is checked where filters are read). */
export type QueryLimit = 'depth' | 'aliases' | 'cost';

/** A GraphQL request beyond one of `GRAPHQL_LIMITS`, refused before it runs. */
export class QueryLimitError extends GraphQLError {
  override readonly name = 'QueryLimitError';

  constructor(
    readonly limit: QueryLimit,
    readonly value: number,
  ) {
    const code: GeoGraphQLErrorCode = 'QUERY_TOO_LARGE';
    super(limitMessage(limit, value), { extensions: { code } });
  }
}

function limitMessage(limit: QueryLimit, value: number): string {
  const max = GRAPHQL_LIMITS[limit];
  switch (limit) {
    case 'depth':
      return `Query is ${value} fields deep; the limit is ${max}. Nest fewer fields.`;
    case 'aliases':
      return `Query has ${value} aliases; the limit is ${max}. Send fewer aliased fields per request.`;
    case 'cost':
      return (
        `Query costs ${value} (each field once, times the page size inside connections); the ` +
        `limit is ${max}. Ask for fewer fields or smaller pages (first/last), over several requests.`
      );
  }
}

/** What an operation asks for, through its fragments. */
interface Measure {
  readonly depth: number;
  readonly aliases: number;
  readonly cost: number;
}

const NOTHING: Measure = { depth: 0, aliases: 0, cost: 0 };

/**
 * A validation rule enforcing `GRAPHQL_LIMITS` on each operation of a document. Run it on its own
 * before the standard rules, so that a huge request is refused before any more work is done on
 * it. `variables` (the request's, as sent) give the page sizes passed as variables; without them
 * a page is assumed full.
 *
 * @example
 * const errors = validate(schema, document, [queryLimitsRule(request.variables)]);
 */
export function queryLimitsRule(
  variables?: Readonly<Record<string, unknown>> | null,
): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const measure = new OperationMeasure(context, operation, variables ?? {}).measure();
      if (measure.depth > GRAPHQL_LIMITS.depth)
        context.reportError(new QueryLimitError('depth', measure.depth));
      if (measure.aliases > GRAPHQL_LIMITS.aliases)
        context.reportError(new QueryLimitError('aliases', measure.aliases));
      if (measure.cost > GRAPHQL_LIMITS.cost)
        context.reportError(new QueryLimitError('cost', measure.cost));
      return false;
    },
  });
}

/**
 * Walks one operation with the schema's types. Fragments are measured once per page size they
 * are spread at (spreads can repeat a fragment exponentially often) and not re-entered while
 * being measured (a cycle is the standard rules' to report).
 */
class OperationMeasure {
  readonly #schema: GraphQLSchema;
  readonly #variables: Readonly<Record<string, unknown>> | undefined;
  readonly #fragments = new Map<string, Measure>();
  readonly #entered = new Set<string>();

  constructor(
    private readonly context: ValidationContext,
    private readonly operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>>,
  ) {
    this.#schema = context.getSchema();
    const coerced = getVariableValues(
      this.#schema,
      operation.variableDefinitions ?? [],
      variables,
      { maxErrors: 1 },
    );
    // Variables that do not fit are refused later, when the operation would run.
    this.#variables = 'coerced' in coerced ? coerced.coerced : undefined;
  }

  measure(): Measure {
    const root = this.#schema.getRootType(this.operation.operation);
    return root ? this.#selections(this.operation.selectionSet, root, 1) : NOTHING;
  }

  /** `pageSize`: how many items each list field stands for (inside a connection, its page). */
  #selections(selectionSet: SelectionSetNode, type: GraphQLNamedType, pageSize: number): Measure {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      let measure: Measure;
      switch (selection.kind) {
        case Kind.FIELD:
          measure = this.#field(selection, type, pageSize);
          break;
        case Kind.INLINE_FRAGMENT: {
          const condition = selection.typeCondition
            ? this.#schema.getType(selection.typeCondition.name.value)
            : type;
          measure = condition
            ? this.#selections(selection.selectionSet, condition, pageSize)
            : NOTHING;
          break;
        }
        case Kind.FRAGMENT_SPREAD:
          measure = this.#fragment(selection.name.value, pageSize);
          break;
      }
      depth = Math.max(depth, measure.depth);
      aliases += measure.aliases;
      cost += measure.cost;
    }
    return { depth, aliases, cost };
  }

  #fragment(name: string, pageSize: number): Measure {
    const key = `${name}@${pageSize}`;
    const known = this.#fragments.get(key);
    if (known) return known;
    const fragment = this.context.getFragment(name);
    const type = fragment && this.#schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type || this.#entered.has(name)) return NOTHING;
    this.#entered.add(name);
    const measure = this.#selections(fragment.selectionSet, type, pageSize);
    this.#entered.delete(name);
    this.#fragments.set(key, measure);
    return measure;
  }

  #field(node: FieldNode, parent: GraphQLNamedType, pageSize: number): Measure {
    const aliases = node.alias ? 1 : 0;
    const definition = this.#definition(parent, node.name.value);
    if (!definition || !node.selectionSet) return { depth: 1, aliases, cost: 1 };
    const items = isListType(getNullableType(definition.type)) ? pageSize : 1;
    const inner = this.#selections(
      node.selectionSet,
      getNamedType(definition.type),
      this.#pageSizeOf(node, definition) ?? 1,
    );
    return {
      depth: 1 + inner.depth,
      aliases: aliases + inner.aliases,
      cost: 1 + items * inner.cost,
    };
  }

  #definition(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (parent === this.#schema.getQueryType()) {
      if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
      if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    }
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  /** A connection's page: `first` or `last` (cut to `MAX_PAGE_SIZE`); undefined for other fields. */
  #pageSizeOf(node: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined {
    const isConnection = definition.args.some((arg) => arg.name === 'first' || arg.name === 'last');
    if (!isConnection) return undefined;
    const given = (node.arguments ?? [])
      .filter((arg) => arg.name.value === 'first' || arg.name.value === 'last')
      .map((arg) => valueFromAST(arg.value, GraphQLInt, this.#variables))
      .find((value): value is number => typeof value === 'number');
    return given === undefined ? MAX_PAGE_SIZE : Math.min(Math.max(given, 0), MAX_PAGE_SIZE);
  }
}
