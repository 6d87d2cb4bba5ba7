import { isAscii } from 'node:buffer';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * The few CommonJS files that make most of geo-gen's start-up: ts-morph and the TypeScript
 * compiler it bundles (13 MB of JavaScript that V8 would parse and compile on every run), and
 * prettier's standalone core and the plugins geo-gen formats with (src/tree/standalone-format.ts).
 */
const HEAVY =
  /\/node_modules\/(?:@ts-morph\/common\/dist\/(?:typescript|ts-morph-common)|ts-morph\/dist\/ts-morph|prettier\/standalone|prettier\/plugins\/(?:markdown|typescript|estree))\.js$/;

type Compile = (this: object, content: string, filename: string) => unknown;

/**
 * Keeps V8's compiled code of the heavy dependencies between runs, as `node --compile-cache`
 * does: Node's own cache (`module.enableCompileCache`, Node 22.1 and later) when there is one,
 * else a cache of those few files kept in the temp dir. A cache that V8 rejects (another Node,
 * other flags) is simply rebuilt. Returns where the cache is, or undefined when there is none.
 */
export function enableCompileCache(directory = compileCacheDirectory()): string | undefined {
  const native: unknown = Reflect.get(Module, 'enableCompileCache');
  if (typeof native === 'function') {
    const result: unknown = Reflect.apply(native, Module, [directory]);
    return typeof result === 'object' && result !== null && 'directory' in result
      ? String(result.directory)
      : undefined;
  }
  const prototype: unknown = Module.prototype;
  const original: unknown = Reflect.get(Module.prototype, '_compile');
  if (typeof prototype !== 'object' || prototype === null || !isCompile(original)) {
    return undefined;
  }
  const cached: Compile = function (content, filename) {
    return HEAVY.test(filename)
      ? compileWithCache(this, content, filename, directory)
      : original.call(this, content, filename);
  };
  Reflect.set(prototype, '_compile', cached);
  readHeavyAsAscii();
  return directory;
}

function isCompile(value: unknown): value is Compile {
  return typeof value === 'function';
}

type Load = (this: unknown, module: object, filename: string) => unknown;

/**
 * Has Node read the heavy files as ASCII, which they are: a copy of their bytes instead of a
 * UTF-8 decode, half the time of reading 13 MB. A file with other bytes is read as before.
 */
function readHeavyAsAscii(): void {
  const extensions: unknown = Reflect.get(Module, '_extensions');
  const original: unknown =
    typeof extensions === 'object' && extensions !== null
      ? Reflect.get(extensions, '.js')
      : undefined;
  if (typeof extensions !== 'object' || extensions === null || !isLoad(original)) return;
  const load: Load = function (module, filename) {
    if (!HEAVY.test(filename)) return original.call(this, module, filename);
    const bytes = readFileSync(filename);
    if (!isAscii(bytes)) return original.call(this, module, filename);
    const compile: unknown = Reflect.get(module, '_compile');
    if (!isCompile(compile)) return original.call(this, module, filename);
    return compile.call(module, bytes.toString('latin1'), filename);
  };
  Reflect.set(extensions, '.js', load);
}

function isLoad(value: unknown): value is Load {
  return typeof value === 'function';
}

/**
 * The cache's folder in the temp dir, one per user and per set of V8 flags the process runs with:
 * V8 rejects code compiled under other flags, so runs with and without them (src/start-up.ts)
 * sharing one cache would each throw away and rewrite the other's.
 */
export function compileCacheDirectory(v8Flags: readonly string[] = []): string {
  const user = process.getuid?.() ?? 'user';
  const flags = v8Flags.map((flag) => flag.replace(/[^A-Za-z0-9]+/g, '-')).join('');
  return join(tmpdir(), `geo-gen-compile-cache-${user}${flags}`);
}

/** Runs a CommonJS module as Node would, from V8's cached code when the cache holds it. */
function compileWithCache(
  module: object,
  content: string,
  filename: string,
  directory: string,
): unknown {
  const name = `${cacheKey(content, filename)}.bin`;
  const file = join(directory, name);
  const cachedData = readOrUndefined(file);
  const script = new Script(Module.wrap(content), {
    filename,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // Taken at exit, the cache holds every function the run compiled, not only the top level.
    process.once('exit', () => {
      writeAtomically(file, script.createCachedData());
      removeOlderEntries(directory, filename, name);
    });
  }
  const exports: unknown = Reflect.get(module, 'exports');
  const wrapper: unknown = script.runInThisContext({ displayErrors: true });
  if (typeof wrapper !== 'function') throw new TypeError(`${filename} did not compile to a module`);
  return Reflect.apply(wrapper, exports, [
    exports,
    createRequire(filename),
    module,
    filename,
    dirname(filename),
  ]);
}

/**
 * The file, its size and time, and the Node that compiled it: a changed file is a new entry.
 * (No hash: loading node:crypto would cost every run, `--help` too, more than it saves.)
 */
function cacheKey(content: string, filename: string): string {
  const { size, mtimeMs } = statSync(filename);
  return [
    entryPrefix(filename),
    size,
    Math.round(mtimeMs),
    content.length,
    process.version,
    process.arch,
  ].join('-');
}

/** What every cache entry of this file's name begins with, whatever its size, time or Node. */
export function entryPrefix(filename: string): string {
  return filename.replace(/[^A-Za-z0-9]+/g, '_').slice(-120);
}

/**
 * Deletes the entries of this file other than `current`: compiled from an earlier version of it
 * or by another Node, they would never be read again, and a reinstall leaves 11 MB of them.
 */
function removeOlderEntries(directory: string, filename: string, current: string): void {
  const prefix = `${entryPrefix(filename)}-`;
  try {
    for (const entry of readdirSync(directory)) {
      if (entry !== current && entry.startsWith(prefix) && entry.endsWith('.bin')) {
        rmSync(join(directory, entry), { force: true });
      }
    }
  } catch {
    // Left for the next run that rebuilds this file's entry.
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A cache entry is written whole or not at all: two runs at once never see half of one. */
function writeAtomically(file: string, data: Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written only costs the next run its start-up time.
  }
}
