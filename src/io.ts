/** Where a command writes: results to stdout, messages and prompts to stderr. */
export interface TextOutput {
  write(chunk: string): unknown;
}

/** The process as `main()` sees it; tests pass their own streams and environment. */
export interface CliIo {
  /** Arguments after the executable, e.g. `['replicable', 'CoolWidget', '--yes']`. */
  argv: readonly string[];
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Whether someone can answer prompts (stdin and stderr are terminals). */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** Variables that change how geo-gen talks to the user. */
export const ENV = {
  /** Print stacks and causes of internal errors. */
  verbose: 'GEO_GEN_VERBOSE',
  /** Never prompt, as if `--yes` were given (CI is honoured too). */
  nonInteractive: 'GEO_GEN_NON_INTERACTIVE',
  /** How long to wait for another run's lock on the host, in milliseconds (default 5000). */
  lockWait: 'GEO_GEN_LOCK_WAIT_MS',
  /** Test hook: kill the process after its n-th write step (see `src/tree/crash-hook.ts`). */
  crashAfterStep: 'GEO_GEN_CRASH_AFTER_STEP',
} as const;

/** The environment as geo-gen reads it (tests pass their own). */
export type Env = Readonly<Record<string, string | undefined>>;

export function isEnvFlagSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
