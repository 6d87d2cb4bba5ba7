import { join } from 'node:path';
import { messageOf } from '../errors.ts';
import { fitsWidth, isTemplateStyle, TEMPLATE_STYLE } from '../templates/style.ts';
import { isBinary } from './content.ts';
import { alignedTable } from './aligned-table.ts';
import { changedTable } from './markdown-table.ts';
import type { Tree } from './tree.ts';

/**
 * Formats every created or updated file with prettier, using the host's own configuration
 * (resolved per file, as the host's editor would) and its .prettierignore. Files prettier has no
 * parser for are left alone; a file it cannot format is left as generated, with a warning, since
 * the syntax check that follows gives the precise error. Prettier is loaded only if there is work.
 * Of a Markdown file that gained a table row, only that table is formatted (markdown-table.ts):
 * the rest of the page is the user's, and prettier's Markdown parser is the slowest it has; a
 * table of plain cells is aligned as prettier would, without it (aligned-table.ts).
 * Files in `templateOutput` were rendered from templates written in TEMPLATE_STYLE: where the host
 * formats in that style and every line fits, prettier would leave them as they are, so it is not
 * run on them (it costs more than the rest of a generator run).
 */
export async function formatChanges(
  tree: Tree,
  warn: (message: string) => void,
  templateOutput: ReadonlySet<string> = new Set(),
): Promise<void> {
  const changed = tree
    .changes()
    .flatMap((change) => (change.kind === 'DELETE' || isBinary(change.content) ? [] : [change]));
  if (changed.length === 0) return;
  const prettier = await import('prettier');
  const ignorePath = join(tree.root, '.prettierignore');
  // Every file's settings are looked up at once: prettier's search for config files, file by
  // file and directory by directory, waits on the disk more than it computes.
  const settled = await Promise.allSettled(
    changed.map(async (change) => {
      const file = join(tree.root, change.path);
      const config = (await prettier.resolveConfig(file, { editorconfig: true })) ?? {};
      const text = change.content.toString('utf8');
      if (
        templateOutput.has(change.path) &&
        isTemplateStyle(config) &&
        fitsWidth(text, TEMPLATE_STYLE.printWidth)
      ) {
        return undefined;
      }
      const info = await prettier.getFileInfo(file, { ignorePath });
      if (info.ignored || info.inferredParser === null) return undefined;
      const parser = typeof config.parser === 'string' ? config.parser : info.inferredParser;
      return { change, file, config, text, parser };
    }),
  );
  for (const [index, result] of settled.entries()) {
    const path = changed[index]?.path;
    try {
      if (result.status === 'rejected') throw result.reason;
      if (result.value === undefined) continue;
      const { change, file, config, text, parser } = result.value;
      // Loaded here: it loads ts-morph, which a command that formats only JSON or YAML never needs.
      const { formatStandalone } = await import('./standalone-format.ts');
      const format = async (source: string): Promise<string> =>
        (await formatStandalone(source, file, parser, config)) ??
        (await prettier.format(source, { ...config, filepath: file }));
      const table =
        parser === 'markdown' && change.kind === 'UPDATE'
          ? changedTable(change.before.toString('utf8'), text)
          : undefined;
      // Prettier's tables are arithmetic where every cell is plain (aligned-table.ts); prettier
      // compacts them instead only with proseWrap "never", and a plugin may print its own.
      const aligned =
        table !== undefined && config.proseWrap !== 'never' && (config.plugins ?? []).length === 0
          ? alignedTable(table.table)
          : undefined;
      const formatted =
        table === undefined
          ? await format(text)
          : `${table.before}${aligned ?? (await format(table.table))}${table.after}`;
      if (formatted !== text) tree.write(change.path, formatted);
    } catch (error) {
      warn(`could not format ${path}, left as generated: ${messageOf(error).split('\n')[0]}`);
    }
  }
}
