import type { ClassDeclaration, SourceFile } from 'ts-morph';
import { Scope } from '../ts-morph.ts';
import type { Owner, Strategy } from '../generate/strategies.ts';
import type { Names } from '../naming/names.ts';
import { PatchTargetNotFoundError } from './errors.ts';
import { SELECTIVE_SYNC_DEFAULTS } from './selective-sync-default.ts';
import { parseSource } from './typescript-source.ts';

export type ModelWiringResult =
  | { readonly kind: 'wired'; readonly text: string; readonly added: readonly string[] }
  | { readonly kind: 'unchanged' };

function ensureNamedImport(
  source: SourceFile,
  name: string,
  module: string,
  typeOnly = false,
): void {
  const existing = source
    .getImportDeclarations()
    .find((declaration) => declaration.getModuleSpecifierValue() === module);
  if (existing?.getNamedImports().some((named) => named.getName() === name)) return;
  if (existing && !existing.isTypeOnly()) {
    existing.addNamedImport(typeOnly ? { name, isTypeOnly: true } : name);
    return;
  }
  source.addImportDeclaration({
    namedImports: [typeOnly ? { name, isTypeOnly: true } : name],
    moduleSpecifier: module,
  });
}

/** Whether a class declares a static member of that name (property, getter or method). */
export function hasStaticMember(model: ClassDeclaration, name: string): boolean {
  return model
    .getStaticMembers()
    .some((member) => 'getName' in member && member.getName() === name);
}

/**
 * Wires an existing model to its new replicator (`with_replicator`): the `replicatorClass` getter
 * and, when missing, the strategy's default `replicablesForCurrentSecondary` with the decision it
 * leaves to the user. Existing members, formatting and comments are kept; a second run changes
 * nothing.
 */
export async function wireModel(
  text: string,
  file: string,
  names: Names,
  options: {
    readonly runtimePackage: string;
    readonly strategy: Strategy;
    /** How the model file imports the replicator: `../replicators/<file>.ts` (or `.js`). */
    readonly replicatorModule: string;
    /** Who a record belongs to, for the default selective sync; a project unless given. */
    readonly owner?: Owner;
  },
): Promise<ModelWiringResult> {
  const { runtimePackage } = options;
  const selectiveSync = SELECTIVE_SYNC_DEFAULTS[options.strategy][options.owner ?? 'project'];
  const source = await parseSource(file, text);
  const model = source.getClass(names.className);
  if (!model)
    throw new PatchTargetNotFoundError(
      file,
      names.className,
      'no class of that name in the model file',
    );
  const added: string[] = [];

  if (!hasStaticMember(model, 'replicatorClass')) {
    ensureNamedImport(source, names.replicatorClass, options.replicatorModule);
    model
      .insertGetAccessor(firstMethodIndex(model), {
        name: 'replicatorClass',
        isStatic: true,
        statements: [`return ${names.replicatorClass};`],
      })
      .toggleModifier('override', true);
    added.push('replicatorClass');
  }

  if (!hasStaticMember(model, 'replicablesForCurrentSecondary')) {
    for (const name of selectiveSync.imports) ensureNamedImport(source, name, runtimePackage);
    for (const name of ['GeoSite', 'IdRange'])
      ensureNamedImport(source, name, runtimePackage, true);
    const table = names.tableName;
    model.addMethod({
      name: 'replicablesForCurrentSecondary',
      isStatic: true,
      isAsync: true,
      hasOverrideKeyword: true,
      scope: Scope.Public,
      docs: [
        `The ${names.humanNamePlural} this secondary should hold, by id within \`range\`.\n\n` +
          selectiveSync.decision(names),
      ],
      parameters: [
        { name: 'site', type: 'GeoSite' },
        { name: 'range', type: 'IdRange' },
      ],
      returnType: 'Promise<number[]>',
      statements: [
        `const rows = await site.mainDb
  .selectFrom('${table}')
  .select('${table}.id')
  .where('${table}.id', '>=', range.from)
  .where('${table}.id', '<=', range.to)
${selectiveSync.filters(table)}
  .orderBy('${table}.id')
  .execute();`,
        'return rows.map((row) => row.id);',
      ],
    });
    added.push('replicablesForCurrentSecondary');
  }
  return added.length === 0
    ? { kind: 'unchanged' }
    : { kind: 'wired', text: source.getFullText(), added };
}

/** Members go before the first method, after the static properties (the usual class layout). */
function firstMethodIndex(model: ClassDeclaration): number {
  const members = model.getMembers();
  const index = members.findIndex(
    (member) => !member.getKindName().endsWith('PropertyDeclaration'),
  );
  return index === -1 ? members.length : index;
}
