import {
  templateData,
  templateFolders,
  templatePlacement,
} from '../../generate/data-type-templates.ts';
import {
  OWNERS,
  STRATEGIES,
  VERIFICATION_TABLES,
  type Owner,
  type Strategy,
  type VerificationTable,
} from '../../generate/strategies.ts';
import { renderTemplates } from '../../templates/render.ts';
import { Tree } from '../../tree/tree.ts';
import { expectedFiles, onDisk, type GeneratedDataType } from './generated-files.ts';
import { isGeoGens } from './judge.ts';

/**
 * Which strategy the data type was generated with, once its replicator (which says it) is gone:
 * the one whose files the host has more of exactly as geo-gen writes them (both strategies
 * write the same paths, so only the contents tell them apart); blob on a tie, as before there
 * was a second strategy.
 */
export async function detectStrategy(
  tree: Tree,
  context: GeneratedDataType,
  templatesDir: string,
): Promise<Strategy> {
  let best: { strategy: Strategy; found: number } = { strategy: 'blob', found: 0 };
  for (const strategy of STRATEGIES) {
    // Formatting notes are the real rendering's to give, once.
    const expected = await expectedFiles({ ...context, strategy }, templatesDir, () => undefined);
    const found = expected.filter((file) =>
      onDisk(tree, file.path).some((path) => isGeoGens(tree.readBuffer(path), file)),
    ).length;
    if (found > best.found) best = { strategy, found };
  }
  return best.strategy;
}

/**
 * Who the data type's records belong to (`--owner`): the owner whose files (the model, its
 * migration, spec and factory) the host has more of exactly as geo-gen writes them; a project on
 * a tie, the generator's default.
 */
export async function detectOwner(
  tree: Tree,
  context: GeneratedDataType,
  templatesDir: string,
): Promise<Owner> {
  let best: { owner: Owner; found: number } = { owner: 'project', found: 0 };
  for (const owner of OWNERS) {
    const expected = await expectedFiles({ ...context, owner }, templatesDir, () => undefined);
    const found = expected.filter((file) =>
      onDisk(tree, file.path).some((path) => isGeoGens(tree.readBuffer(path), file)),
    ).length;
    if (found > best.found) best = { owner, found };
  }
  return best.owner;
}

/**
 * Which verification layout the data type was generated with: the one whose own files (the
 * `_states` model and table, or the columns' migrations) the host has more of; inline on a tie,
 * as it is the generator's default.
 */
export async function detectVerificationTable(
  tree: Tree,
  context: GeneratedDataType,
  templatesDir: string,
): Promise<VerificationTable> {
  const foldersOf = (layout: VerificationTable): string[] =>
    templateFolders(templatesDir, withLayout(context, layout), true);
  let best: { layout: VerificationTable; found: number } = { layout: 'inline', found: 0 };
  for (const layout of VERIFICATION_TABLES) {
    const others = new Set(
      VERIFICATION_TABLES.filter((other) => other !== layout).flatMap(foldersOf),
    );
    const scratch = new Tree(context.host.root);
    const own = withLayout(context, layout);
    let found = 0;
    for (const source of foldersOf(layout).filter((folder) => !others.has(folder))) {
      const paths = await renderTemplates(scratch, {
        source,
        names: context.names,
        data: templateData(own),
        place: templatePlacement(context.host),
        now: context.now,
      });
      found += paths.filter((path) => onDisk(tree, path).length > 0).length;
    }
    if (found > best.found) best = { layout, found };
  }
  return best.layout;
}

function withLayout(context: GeneratedDataType, layout: VerificationTable): GeneratedDataType {
  return { ...context, verificationTable: layout };
}
