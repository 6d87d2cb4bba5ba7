import { posix } from 'node:path';
import {
  templateData,
  templateFolders,
  type DataTypeTemplates,
} from '../../generate/data-type-templates.ts';
import { hostImportExtension } from '../../host/import-extension.ts';
import { MIGRATION_FILE } from '../../templates/migration-timestamp.ts';
import { renderTemplates } from '../../templates/render.ts';
import { formatChanges } from '../../tree/format.ts';
import { Tree } from '../../tree/tree.ts';
import { releasedVariants } from './released-variants.ts';

/** The data type as `geo-gen replicable` generated it, and a clock to render its templates with. */
export interface GeneratedDataType extends DataTypeTemplates {
  /** Only names migrations, which are matched without their timestamp. */
  readonly now: Date;
}

/** A file `geo-gen replicable` renders for this data type, as it would write it today. */
export interface ExpectedFile {
  /** Where the template puts it (a migration's timestamp is today's; see `onDisk`). */
  readonly path: string;
  /** Rendered and formatted with the host's prettier config, as the generator writes it. */
  readonly content: Buffer;
  /** The content once `geo-gen release` edited it, for the files it edits. */
  readonly released: Buffer | undefined;
  /** From the model's folder, rendered only when the host had no model yet. */
  readonly fromModelFolder: boolean;
}

/**
 * Renders every template of the data type in memory (the model's folder included: whether the
 * generator rendered it is judged later, from the model file) and formats it as the generator
 * does, so each file on disk can be compared byte for byte with what geo-gen writes (or with
 * what `geo-gen release` turned it into).
 */
export async function expectedFiles(
  context: GeneratedDataType,
  templatesDir: string,
  warn: (message: string) => void,
): Promise<ExpectedFile[]> {
  const scratch = new Tree(context.host.root);
  const withoutModel = new Set(templateFolders(templatesDir, context, true));
  const data = templateData(context);
  const rendered: { path: string; fromModelFolder: boolean }[] = [];
  for (const source of templateFolders(templatesDir, context, false)) {
    const paths = await renderTemplates(scratch, {
      source,
      names: context.names,
      data,
      now: context.now,
      importExtension: hostImportExtension(context.host.config),
    });
    rendered.push(...paths.map((path) => ({ path, fromModelFolder: !withoutModel.has(source) })));
  }
  await formatChanges(scratch, warn);
  const files = rendered.map((file) => ({
    ...file,
    content: scratch.readBuffer(file.path) ?? Buffer.alloc(0),
  }));
  const released = await releasedVariants(context.host.root, files, context.names, warn);
  return files.map((file) => ({ ...file, released: released.get(file.path) }));
}

/**
 * The host files an expected file may be: the same path, or for a migration every file of its
 * folder with the same name after the timestamp (`*_create_cool_widget_registry.ts`), since the
 * timestamp is the day it was generated.
 */
export function onDisk(tree: Tree, path: string): string[] {
  const folder = posix.dirname(path);
  const file = posix.basename(path);
  const timestamp = MIGRATION_FILE.exec(file)?.[1];
  if (timestamp === undefined) return tree.exists(path) ? [path] : [];
  const suffix = file.slice(timestamp.length);
  return tree
    .children(folder === '.' ? '' : folder)
    .filter((name) => MIGRATION_FILE.test(name) && name.slice(timestamp.length) === suffix)
    .map((name) => (folder === '.' ? name : `${folder}/${name}`));
}
