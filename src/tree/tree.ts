import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toBuffer, type Content } from './content.ts';
import { treePath } from './paths.ts';

/**
 * A change the Tree would make on disk, relative to the root. `overwrites` marks an UPDATE of a
 * file the generator meant to create, i.e. one that existed already (allowed only with --force).
 */
export type FileChange =
  | { readonly kind: 'CREATE'; readonly path: string; readonly content: Buffer }
  | {
      readonly kind: 'UPDATE';
      readonly path: string;
      readonly content: Buffer;
      readonly before: Buffer;
      readonly overwrites: boolean;
    }
  | { readonly kind: 'DELETE'; readonly path: string; readonly before: Buffer };

type Recorded =
  | { readonly kind: 'write'; readonly content: Buffer; readonly intent: 'create' | 'update' }
  | { readonly kind: 'delete' };

/**
 * An in-memory view of the host: reads fall through to disk, writes and deletes are only
 * recorded. Generators and patches change the Tree; `flush()` writes it all at once, and a dry
 * run just lists `changes()`. Nothing touches the disk before then.
 */
export class Tree {
  readonly root: string;
  readonly #records = new Map<string, Recorded>();
  /** What each path held when the plan first looked at it: a hash of its bytes, or no file. */
  readonly #seen = new Map<string, string | undefined>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file's text as the Tree sees it, or undefined when it does not exist. */
  read(path: string): string | undefined {
    return this.readBuffer(path)?.toString('utf8');
  }

  readBuffer(path: string): Buffer | undefined {
    const key = treePath(this.root, path);
    const recorded = this.#records.get(key);
    if (recorded !== undefined) return recorded.kind === 'write' ? recorded.content : undefined;
    return this.#readDisk(key);
  }

  exists(path: string): boolean {
    const key = treePath(this.root, path);
    const recorded = this.#records.get(key);
    if (recorded !== undefined) return recorded.kind === 'write';
    // Remembered, for changedOnDisk(): the plan may rest on the file being absent.
    if (!this.#seen.has(key)) this.#readDisk(key);
    return existsSync(join(this.root, key));
  }

  /** Names of the entries directly inside `dir` ('' for the root), on disk or recorded, sorted. */
  children(dir: string): string[] {
    const prefix = dir === '' || dir === '.' ? '' : `${treePath(this.root, dir)}/`;
    const names = new Set<string>();
    const absolute = join(this.root, prefix);
    if (existsSync(absolute) && statSync(absolute).isDirectory()) {
      for (const name of readdirSync(absolute)) names.add(name);
    }
    for (const [path, recorded] of this.#records) {
      if (!path.startsWith(prefix)) continue;
      const name = path.slice(prefix.length).split('/')[0];
      if (name === undefined) continue;
      const isFileHere = !path.slice(prefix.length).includes('/');
      if (recorded.kind === 'write') names.add(name);
      else if (isFileHere) names.delete(name);
    }
    return [...names].sort();
  }

  /**
   * Records a file the generator means to add. If it already exists it is recorded as an
   * overwrite and reported by `conflicts()`; whoever flushes decides (only --force writes it).
   */
  create(path: string, content: Content): void {
    const key = treePath(this.root, path);
    if (this.#records.get(key)?.kind === 'write') {
      // Two templates (or a template and a patch) producing one file is a generator bug.
      throw new Error(`${key} is generated twice in one run; two templates produce the same path`);
    }
    this.#records.set(key, { kind: 'write', content: toBuffer(content), intent: 'create' });
  }

  /** Records new contents for a file, created if missing; keeps a pending create a create. */
  write(path: string, content: Content): void {
    const key = treePath(this.root, path);
    const previous = this.#records.get(key);
    const intent = previous?.kind === 'write' ? previous.intent : 'update';
    this.#records.set(key, { kind: 'write', content: toBuffer(content), intent });
  }

  delete(path: string): void {
    this.#records.set(treePath(this.root, path), { kind: 'delete' });
  }

  /** What flushing would do, sorted by path; writes identical to the disk are left out. */
  changes(): FileChange[] {
    const changes: FileChange[] = [];
    for (const [path, recorded] of [...this.#records].sort(([a], [b]) => compare(a, b))) {
      const before = this.#readDisk(path);
      if (recorded.kind === 'delete') {
        if (before !== undefined) changes.push({ kind: 'DELETE', path, before });
      } else if (before === undefined) {
        changes.push({ kind: 'CREATE', path, content: recorded.content });
      } else if (!before.equals(recorded.content)) {
        const overwrites = recorded.intent === 'create';
        changes.push({ kind: 'UPDATE', path, content: recorded.content, before, overwrites });
      }
    }
    return changes;
  }

  /** Files the generator meant to create that already exist on disk (even if identical). */
  conflicts(): string[] {
    return [...this.#records]
      .filter(
        ([path, recorded]) =>
          recorded.kind === 'write' && recorded.intent === 'create' && this.#onDisk(path),
      )
      .map(([path]) => path)
      .sort(compare);
  }

  /** Every path written or deleted so far, whether or not it differs from the disk. */
  recordedPaths(): string[] {
    return [...this.#records.keys()].sort(compare);
  }

  /**
   * The files that changed on disk since the plan first read them (or that appeared or went
   * away since it looked for them): writing the plan would overwrite or rest on what it never saw.
   */
  changedOnDisk(): string[] {
    return [...this.#seen]
      .filter(([path, seen]) => hashOf(this.#readFile(path)) !== seen)
      .map(([path]) => path)
      .sort(compare);
  }

  #onDisk(path: string): boolean {
    return existsSync(join(this.root, path));
  }

  #readDisk(path: string): Buffer | undefined {
    const content = this.#readFile(path);
    if (!this.#seen.has(path)) this.#seen.set(path, hashOf(content));
    return content;
  }

  #readFile(path: string): Buffer | undefined {
    const absolute = join(this.root, path);
    if (!existsSync(absolute) || !statSync(absolute).isFile()) return undefined;
    return readFileSync(absolute);
  }
}

function hashOf(content: Buffer | undefined): string | undefined {
  return content === undefined ? undefined : createHash('sha256').update(content).digest('hex');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
