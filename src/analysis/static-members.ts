import type { Expression } from 'ts-morph';
import { Node } from '../ts-morph.ts';
import type { ClassIndex, HostClass } from './class-index.ts';

/** A static member's value expression and the class (itself or a host ancestor) declaring it. */
export interface StaticValue {
  readonly expression: Expression;
  readonly owner: HostClass;
}

/**
 * What a class gives for a static member, the two ways the runtime's classes declare them:
 * `static get model() { return PackageFile; }` or `static readonly tableName = 'x'`. Inherited
 * from host ancestors when the class itself does not declare it.
 */
export function staticValue(
  index: ClassIndex,
  hostClass: HostClass,
  member: string,
): StaticValue | undefined {
  for (const owner of index.lineage(hostClass)) {
    const expression = declaredStatic(owner, member);
    if (expression !== undefined) return { expression, owner };
  }
  return undefined;
}

function declaredStatic(owner: HostClass, member: string): Expression | undefined {
  const { declaration } = owner;
  const getter = declaration
    .getGetAccessors()
    .find((accessor) => accessor.isStatic() && accessor.getName() === member);
  if (getter !== undefined) {
    const returned = getter.getStatements().find((statement) => Node.isReturnStatement(statement));
    return Node.isReturnStatement(returned) ? returned.getExpression() : undefined;
  }
  return declaration
    .getProperties()
    .find((property) => property.isStatic() && property.getName() === member)
    ?.getInitializer();
}

/** The text of a string literal (`'x'`, `` `x` ``, `'x' as const`); undefined for anything else. */
export function stringValue(node: Node | undefined): string | undefined {
  let current = node;
  while (
    current !== undefined &&
    (Node.isAsExpression(current) || Node.isParenthesizedExpression(current))
  ) {
    current = current.getExpression();
  }
  return Node.isStringLiteral(current) || Node.isNoSubstitutionTemplateLiteral(current)
    ? current.getLiteralText()
    : undefined;
}
