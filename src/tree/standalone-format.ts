import { createRequire } from 'node:module';
import type { Options, Plugin } from 'prettier';
import type * as Standalone from 'prettier/standalone';
import type { ts as Ts } from 'ts-morph';
import { ts } from '../ts-morph.ts';

const require = createRequire(import.meta.url);

/**
 * The plugins each parser needs when nothing in the text is another language: prettier formats
 * code embedded in a file (a fenced block or front matter in Markdown, a tagged template literal
 * in TypeScript) with that language's plugin, which only prettier's full entry has.
 */
const PLUGINS: Readonly<
  Record<string, (text: string, file: string) => readonly string[] | undefined>
> = {
  typescript: (text, file) =>
    hasTemplateLiteral(text, file)
      ? undefined
      : ['prettier/plugins/typescript', 'prettier/plugins/estree'],
  markdown: (text) =>
    /^\s*(?:`{3}|~{3})/m.test(text) || /^(?:---|\+\+\+)/.test(text)
      ? undefined
      : ['prettier/plugins/markdown'],
};

/**
 * Formats as `prettier.format(text, options)` would, with prettier's standalone core and only the
 * plugins this text needs, loaded with `require` so the compile cache keeps their compiled code
 * (prettier's full entry is ECMAScript modules, compiled again on every run). Returns undefined
 * where that could differ from the full entry: another parser, the host's own plugins, or
 * embedded code.
 */
export async function formatStandalone(
  text: string,
  file: string,
  parser: string,
  options: Readonly<Options>,
): Promise<string | undefined> {
  if (options.plugins !== undefined && options.plugins.length > 0) return undefined;
  const wanted = Object.hasOwn(PLUGINS, parser) ? PLUGINS[parser]?.(text, file) : undefined;
  if (wanted === undefined) return undefined;
  const standalone: typeof Standalone = require('prettier/standalone');
  const plugins = wanted.map((name): Plugin => require(name));
  const known = new Set([
    ...(await standalone.getSupportInfo()).options.map((option) => option.name),
    ...plugins.flatMap((plugin) => Object.keys(plugin.options ?? {})),
  ]);
  // An option no loaded plugin declares belongs to another language (the host's trailingComma in
  // a Markdown file): it has no effect on this text, and the full entry ignores it there too.
  const own = Object.fromEntries(Object.entries(options).filter(([key]) => known.has(key)));
  return standalone.format(text, { ...own, filepath: file, parser, plugins });
}

/** Whether TypeScript source holds a template literal (the only code prettier embeds in it). */
function hasTemplateLiteral(text: string, file: string): boolean {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const visit = (node: Ts.Node): boolean =>
    ts.isTemplateLiteral(node) || ts.forEachChild(node, visit) === true;
  return visit(source);
}
