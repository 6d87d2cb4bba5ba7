import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { TemplateFunction } from 'ejs';
import { messageOf } from '../errors.ts';
import type { Names } from '../naming/names.ts';
import { sqlIdentifier } from '../naming/sql-identifier.ts';
import { importsInHostStyle, type ImportExtension } from '../host/import-extension.ts';
import type { Tree } from '../tree/tree.ts';
import { syntaxErrorLine, unclosedTagLine } from './ejs-error-line.ts';
import { TemplateError } from './errors.ts';
import { plannedMigrationTimestamps } from './migration-timestamp.ts';
import { knownTokens, replaceNameTokens, replaceTimestampTokens } from './path-tokens.ts';

type Ejs = typeof import('ejs');

/** The rendered files whose relative imports follow the host's import extension. */
const SCRIPT = /\.[cm]?tsx?$/;

export interface RenderTemplatesOptions {
  /** A template folder; when it does not exist nothing is rendered from it. */
  readonly source: string;
  /** Where its files go in the Tree; '' (default) is the host root. */
  readonly target?: string;
  readonly names: Names;
  /** More values templates may read besides `names`, e.g. `strategy`, `config`. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** The clock for migration timestamps. */
  readonly now: Date;
  /**
   * Folders (relative to the root) where a migration the host already has under the same name
   * keeps its timestamp: the template's is then that file, replaced in place, not a new one.
   */
  readonly replaceMigrationsIn?: readonly string[];
  /** How rendered scripts import each other (templates write `.ts`); `.ts` by default. */
  readonly importExtension?: ImportExtension;
}

interface PlannedFile {
  readonly template: string;
  readonly path: string;
  readonly timestampOrdinal: number | undefined;
}

/**
 * Renders every file of a template folder into the Tree as a file to create. Files ending in
 * `.ejs` are rendered with ejs (`names`, `sqlIdentifier` and `data` in scope) and lose the suffix; others are
 * copied byte for byte. In paths, `__<key>__` is replaced by `names[key]` and `__timestamp__`
 * (`__timestamp2__`, ... to order several) by a migration timestamp sorting after the folder's
 * existing migrations (in `replaceMigrationsIn`, that of an existing one of the same name).
 * Errors are TemplateErrors naming the template file and line.
 * Returns the paths created, relative to the root.
 */
export async function renderTemplates(
  tree: Tree,
  options: RenderTemplatesOptions,
): Promise<string[]> {
  if (!(await isDirectory(options.source))) return [];
  const planned = await planPaths(tree, options);
  const ejs = planned.some((file) => file.template.endsWith('.ejs'))
    ? (await import('ejs')).default
    : undefined;
  // Every SQL identifier a template writes comes from sqlIdentifier, so all fit PostgreSQL's limit.
  const data = { ...options.data, names: options.names, sqlIdentifier };
  for (const file of planned) {
    const absolute = join(options.source, file.template);
    const content =
      ejs !== undefined && file.template.endsWith('.ejs')
        ? renderEjs(ejs, await readFile(absolute, 'utf8'), absolute, data)
        : await readFile(absolute);
    tree.create(
      file.path,
      typeof content === 'string' && SCRIPT.test(file.path)
        ? importsInHostStyle(content, options.importExtension ?? '.ts')
        : content,
    );
  }
  return planned.map((file) => file.path);
}

async function planPaths(tree: Tree, options: RenderTemplatesOptions): Promise<PlannedFile[]> {
  const withTokens = (await listFiles(options.source)).map((template): PlannedFile => {
    const output = template.endsWith('.ejs') ? template.slice(0, -'.ejs'.length) : template;
    const replaced = replaceNameTokens(output, options.names);
    if ('unknown' in replaced) {
      throw new TemplateError(
        join(options.source, template),
        undefined,
        `unknown path token ${replaced.unknown}; known tokens are ${knownTokens(options.names).join(', ')}`,
      );
    }
    const path = posix.join(options.target ?? '', replaced.path);
    return { template, path, timestampOrdinal: replaced.timestampOrdinal };
  });

  // Each folder's new migrations get consecutive timestamps after its newest one, in ordinal order.
  const timestamped = new Map<string, PlannedFile[]>();
  for (const file of withTokens) {
    if (file.timestampOrdinal === undefined) continue;
    const folder = posix.dirname(file.path);
    timestamped.set(folder, [...(timestamped.get(folder) ?? []), file]);
  }
  const stamped = new Map<PlannedFile, string>();
  const replacing = new Set(options.replaceMigrationsIn ?? []);
  for (const [folder, files] of timestamped) {
    const ordered = [...files].sort(
      (a, b) => (a.timestampOrdinal ?? 0) - (b.timestampOrdinal ?? 0) || (a.path < b.path ? -1 : 1),
    );
    const dir = folder === '.' ? '' : folder;
    const timestamps = plannedMigrationTimestamps(
      tree.children(dir),
      ordered.map((file) => posix.basename(file.path)),
      options.now,
      replacing.has(dir),
    );
    ordered.forEach((file, index) => stamped.set(file, timestamps[index] ?? ''));
  }
  return withTokens.map((file) => {
    const timestamp = stamped.get(file);
    return timestamp === undefined
      ? file
      : { ...file, path: replaceTimestampTokens(file.path, timestamp) };
  });
}

function renderEjs(
  ejs: Ejs,
  text: string,
  file: string,
  data: Readonly<Record<string, unknown>>,
): string {
  const template = new ejs.Template(text, {
    filename: file,
    compileDebug: true,
    // Generated code is not HTML: `<%=` prints as is, but printing nothing by mistake is an error.
    escape: printable,
  });
  let render: TemplateFunction;
  try {
    // With async and client off, ejs compiles to a synchronous TemplateFunction.
    render = template.compile() as TemplateFunction;
  } catch (error) {
    const reason = messageOf(error).split('\n')[0] ?? 'cannot be compiled';
    const line = reason.includes('matching close tag')
      ? unclosedTagLine(text)
      : syntaxErrorLine(template.source);
    throw new TemplateError(file, line, reason, { cause: error });
  }
  try {
    return render(data);
  } catch (error) {
    // ejs prefixes runtime errors with "<file>:<line>", the template's context, then the cause.
    const message = messageOf(error);
    const located = message.startsWith(`${file}:`)
      ? /^.*:(\d+)\n([\s\S]*?)\n\n([\s\S]*)$/.exec(message)
      : null;
    if (located?.[1] === undefined)
      throw new TemplateError(file, undefined, message, { cause: error });
    throw new TemplateError(file, Number(located[1]), `${located[3]}\n${located[2]}`, {
      cause: error,
    });
  }
}

function printable(value: unknown): string {
  if (value === undefined || value === null) {
    throw new Error(`a <%= %> tag printed ${String(value)}; check the name of the value it prints`);
  }
  return String(value);
}

/** Files below `dir`, relative, POSIX separators, sorted for a stable plan. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relativePath = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, relativePath)));
    else if (entry.isFile()) files.push(relativePath);
  }
  return files;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
