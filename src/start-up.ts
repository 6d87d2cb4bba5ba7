/** The commands that generate: they plan a change, format it, check it and write it. */
export const GENERATORS: ReadonlySet<string> = new Set(['replicable', 'release', 'remove', 'init']);

/** The process geo-gen's launcher runs in, as far as readying it goes. */
export interface LaunchedProcess {
  readonly argv: readonly string[];
  readonly stderr: NodeJS.WritableStream;
  once(signal: 'SIGINT', listener: () => void): unknown;
  exit(code: number): never;
}

/**
 * Readies the process for the command in its arguments, before the command loads: the V8 flags
 * it runs best with, the compile cache of its heavy dependencies, kept per set of flags (V8
 * rejects code compiled under others), and Ctrl-C's exit (src/interrupt.ts). Nothing for
 * `--help`, `--version` or `help`, which load nothing heavy and change nothing: they should cost
 * little more than Node's own start. Only for geo-gen's launcher: a test process calling `main()`
 * keeps its own flags and signal handlers.
 */
export async function startUp(launched: LaunchedProcess): Promise<void> {
  const argv = launched.argv.slice(2);
  const command = argv[0];
  if (command === undefined || command.startsWith('-') || command === 'help') return;
  const flags = v8FlagsFor(argv);
  if (flags.length > 0) {
    const { setFlagsFromString } = await import('node:v8');
    for (const flag of flags) setFlagsFromString(flag);
  }
  const { compileCacheDirectory, enableCompileCache } = await import('./compile-cache.ts');
  enableCompileCache(compileCacheDirectory(flags));
  const { exitOnInterrupt } = await import('./interrupt.ts');
  exitOnInterrupt(launched, launched.stderr);
}

/**
 * The V8 flags a run of geo-gen with these arguments is best with. A generator runs most of its
 * code once (module set-up, the TypeScript compiler's start, one prettier pass per file) within a
 * second: V8's optimising compiler would spend CPU, on background threads, optimising code that
 * has finished before the optimised code is ready. Without it a `replicable` run takes about 15%
 * less CPU (`npm run bench`). `check` walks every file of the host and is 40% slower without it.
 */
export function v8FlagsFor(argv: readonly string[]): readonly string[] {
  return GENERATORS.has(argv[0] ?? '') ? ['--no-opt'] : [];
}
