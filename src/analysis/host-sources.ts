import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Project, SourceFile } from 'ts-morph';

/**
 * Folders never scanned besides dot-folders (VCS, caches, local databases, geo-gen's own
 * `.geo-gen/`): dependencies and output.
 */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', 'coverage', 'dist']);
const SCRIPT = /\.(?:[cm]?ts|tsx)$/;

/**
 * Every TypeScript file of a host: all read up front, each parsed (syntax only: no type checker,
 * no node_modules) the first time it is asked for, so a scan parses only the files it looks into.
 */
export class HostSources {
  readonly root: string;
  /** Relative POSIX paths, in path order. */
  readonly paths: readonly string[];
  readonly #texts: ReadonlyMap<string, string>;
  readonly #project: Project;
  readonly #parsed = new Map<string, SourceFile>();

  private constructor(root: string, texts: ReadonlyMap<string, string>, project: Project) {
    this.root = root;
    this.paths = [...texts.keys()];
    this.#texts = texts;
    this.#project = project;
  }

  /** Reads every script below `root` (ts-morph is loaded here, lazily). */
  static async load(root: string): Promise<HostSources> {
    const texts = new Map<string, string>();
    // Read synchronously: hundreds of small files, each a few round trips to the thread pool.
    for (const path of await listScripts(root, '')) {
      texts.set(path, readFileSync(join(root, path), 'utf8'));
    }
    const { Project } = await import('../ts-morph.ts');
    const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
    return new HostSources(root, texts, project);
  }

  has(path: string): boolean {
    return this.#texts.has(path);
  }

  text(path: string): string | undefined {
    return this.#texts.get(path);
  }

  /** The parsed file, or undefined when the host has no such script. */
  get(path: string): SourceFile | undefined {
    const parsed = this.#parsed.get(path);
    if (parsed !== undefined) return parsed;
    const text = this.#texts.get(path);
    if (text === undefined) return undefined;
    const source = this.#project.createSourceFile(`/${path}`, text);
    this.#parsed.set(path, source);
    return source;
  }
}

async function listScripts(root: string, prefix: string): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) paths.push(...(await listScripts(root, path)));
    else if (entry.isFile() && SCRIPT.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      paths.push(path);
    }
  }
  return paths;
}
