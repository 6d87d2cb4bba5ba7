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
} as const;

export function isEnvFlagSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
