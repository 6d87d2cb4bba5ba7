import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pluralize from 'pluralize';
import type { Host } from '../host/resolve-host.ts';
import type { Names } from '../naming/names.ts';
import { OWNER_COLUMNS, type Owner, type Strategy, type VerificationTable } from './strategies.ts';
import { placeTemplatePath } from './template-paths.ts';

/**
 * The templates shipped with geo-gen. The first level says whom a folder is for (`common/`,
 * shared by every strategy, or the strategy's own, e.g. `blob/`), the second when it renders
 * (see TEMPLATE_PARTS): `common/files/`, `blob/model/`, `common/verification-inline/`, ...
 */
export const REPLICABLE_TEMPLATES = fileURLToPath(
  new URL('../../templates/replicable', import.meta.url),
);

/** What decides which templates a data type gets and what they see besides its names. */
export interface DataTypeTemplates {
  readonly names: Names;
  readonly host: Host;
  readonly strategy: Strategy;
  /** Who a record belongs to: its model's owner column and selective-sync default. */
  readonly owner: Owner;
  readonly verificationTable: VerificationTable;
}

/**
 * The parts of a data type's templates, in render order: the model (only when the host has none
 * yet), the files every data type gets, then the chosen verification-state layout. Later parts'
 * migrations sort after earlier ones', so the model's table exists before columns are added to it.
 */
function templateParts(selection: DataTypeTemplates, modelExists: boolean): string[] {
  const parts = ['files', `verification-${selection.verificationTable}`];
  return modelExists ? parts : ['model', ...parts];
}

/**
 * The template folders of one data type, in render order: each part from `common/` first, then
 * from the strategy's folder. The only place that knows the layout of the templates: `replicable`
 * renders these folders, `remove` renders them again to recognise what was generated.
 */
export function templateFolders(
  templatesDir: string,
  selection: DataTypeTemplates,
  modelExists: boolean,
): string[] {
  return templateParts(selection, modelExists).flatMap((part) =>
    ['common', selection.strategy].map((owner) => join(templatesDir, owner, part)),
  );
}

/** What templates see besides `names`; `geo-gen remove` renders with it too, to compare. */
export function templateData(selection: DataTypeTemplates): Readonly<Record<string, unknown>> {
  const { names, host } = selection;
  return {
    // The runtime derives plurals with pluralize; a different one must be declared on the replicator.
    pluralOverride:
      pluralize.plural(names.snakeName) === names.snakeNamePlural
        ? undefined
        : names.snakeNamePlural,
    strategy: selection.strategy,
    owner: selection.owner,
    ownerColumn: OWNER_COLUMNS[selection.owner],
    verificationTable: selection.verificationTable,
    config: host.config,
    runtimePackage: host.config.runtimePackage,
    // The extension of the templates' relative imports (`.js` for a plain NodeNext tsconfig).
    importExtension: host.config.importExtension,
  };
}

/** Where the templates' files go in the host: its layout's folders. */
export function templatePlacement(host: Host): (path: string) => string {
  return (path) => placeTemplatePath(host.config.layout, path);
}
