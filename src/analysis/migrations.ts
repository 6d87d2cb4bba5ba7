import { Node, SyntaxKind } from '../ts-morph.ts';
import type { HostSources } from './host-sources.ts';

/** Where a migration creates a table. */
export interface CreatedTable {
  readonly file: string;
  readonly line: number;
}

/** `CREATE TABLE [IF NOT EXISTS] name` in raw SQL, for migrations that do not use the builder. */
const CREATE_TABLE_SQL =
  /\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?"?([A-Za-z_][A-Za-z0-9_]*)"?/gi;

/**
 * The tables the migrations of a folder (e.g. `db/geo/migrate`) create, by name: Kysely's
 * `.createTable('name')` and `CREATE TABLE name` in SQL strings. Dropped tables are not
 * subtracted: a later `down()` drops what its `up()` created. `only`, when given, limits the
 * files read to those (e.g. the ones whose text holds a table name looked for).
 */
export function createdTables(
  sources: HostSources,
  folder: string,
  only?: ReadonlySet<string>,
): Map<string, CreatedTable> {
  const tables = new Map<string, CreatedTable>();
  const add = (name: string, file: string, line: number): void => {
    if (!tables.has(name)) tables.set(name, { file, line });
  };
  for (const file of sources.paths) {
    const wanted = file.startsWith(`${folder}/`) && (only === undefined || only.has(file));
    const source = wanted ? sources.get(file) : undefined;
    if (source === undefined) continue;
    for (const call of source.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      const [first] = call.getArguments();
      if (
        Node.isPropertyAccessExpression(callee) &&
        callee.getName() === 'createTable' &&
        (Node.isStringLiteral(first) || Node.isNoSubstitutionTemplateLiteral(first))
      ) {
        add(first.getLiteralText(), file, call.getStartLineNumber());
      }
    }
    for (const literal of [
      ...source.getDescendantsOfKind(SyntaxKind.StringLiteral),
      ...source.getDescendantsOfKind(SyntaxKind.NoSubstitutionTemplateLiteral),
      ...source.getDescendantsOfKind(SyntaxKind.TemplateExpression),
    ]) {
      for (const match of literal.getText().matchAll(CREATE_TABLE_SQL)) {
        if (match[1] !== undefined) add(match[1], file, literal.getStartLineNumber());
      }
    }
  }
  return tables;
}
