import { spawn } from 'node:child_process';
import { devNull } from 'node:os';

/** One `key=value` of git configuration given to a single git command. */
export interface GitConfigEntry {
  readonly key: string;
  readonly value: string;
}

/** How one git command runs. */
export interface RunGitOptions {
  /** Working directory; repository commands rather take `--git-dir=<path>` in `args`. */
  readonly cwd?: string;
  /** Added to the neutral environment (see `runGit`), e.g. `GIT_AUTHOR_NAME` for a commit. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Configuration for this command only, passed through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_<n>`/
   * `GIT_CONFIG_VALUE_<n>`: unlike `-c key=value`, it never shows on the command line (`ps`,
   * `/proc/<pid>/cmdline`), which is where a secret such as an `Authorization` header must stay out of.
   */
  readonly config?: readonly GitConfigEntry[];
  /** Aborting kills the command and every process it started, then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Written to git's standard input, which is then closed (`mktree`, `hash-object --stdin`); default empty. */
  readonly input?: string | Uint8Array;
}

/** git ran and exited non-zero (or was killed): its own message is in `stderr`. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  constructor(
    /** The git subcommand, e.g. `fetch`. */
    readonly command: string,
    /** null when git was killed by a signal. */
    readonly exitCode: number | null,
    /** What git wrote to stderr, trimmed. */
    readonly stderr: string,
  ) {
    const status = exitCode === null ? 'was killed' : `exited with code ${exitCode}`;
    super(`git ${command} ${status}: ${stderr || '(no message from git)'}`);
  }
}

/** The `git` executable could not be started. */
export class GitUnavailableError extends Error {
  override readonly name = 'GitUnavailableError';
  constructor(
    readonly cwd: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      'Could not run `git`: install git (2.39 or newer) and make sure it is on the PATH of the ' +
        'Geo site process' +
        (cwd === undefined ? '.' : `, and that the directory ${cwd} exists.`),
      options,
    );
  }
}

/**
 * The environment of every git command: nothing of the calling user's or the machine's git setup
 * leaks in (no system or global config, no `$HOME/.netrc` or credential store, no `GIT_DIR` or
 * `GIT_TRACE*` from the parent's environment), git never waits for a password on a terminal that
 * is not there, and its messages are in English so that callers can recognise them.
 */
function neutralEnvironment(): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    LANG: 'C',
  };
}

/** `GIT_CONFIG_*` variables carrying `entries` (git 2.31+). */
export function gitConfigEnvironment(entries: readonly GitConfigEntry[]): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(({ key, value }, index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}

/** The first argument that is not a global option: `fetch` in `--git-dir=x fetch …`. */
function subcommand(args: readonly string[]): string {
  return args.find((arg) => !arg.startsWith('-')) ?? 'git';
}

/**
 * Runs the system `git` with `args` (no shell) and resolves with its raw stdout; rejects with a
 * `GitCommandError` carrying git's stderr when it exits non-zero.
 */
export function runGitBytes(args: readonly string[], options: RunGitOptions = {}): Promise<Buffer> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: {
        ...neutralEnvironment(),
        ...options.env,
        ...(options.config ? gitConfigEnvironment(options.config) : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so that an abort also ends the helpers git starts (remote-http,
      // fetch-pack, index-pack) before the caller removes the directory they write into.
      detached: true,
    });
    // git may exit before reading all of its input (a bad argument): its exit status tells why.
    child.stdin.on('error', () => {});
    // Without input, an empty one: git never waits on the caller's terminal.
    child.stdin.end(options.input);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const onAbort = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group is already gone.
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let startError: Error | undefined;
    child.on('error', (error) => {
      startError = error;
    });
    // 'close' comes after the process exited and its output is read, also after a start error.
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else if (startError) reject(new GitUnavailableError(options.cwd, { cause: startError }));
      else if (code === 0) resolve(Buffer.concat(stdout));
      else
        reject(
          new GitCommandError(
            subcommand(args),
            code,
            Buffer.concat(stderr).toString('utf8').trim(),
          ),
        );
    });
  });
}

/**
 * Runs the system `git` with `args` (no shell) in a neutral environment and resolves with its
 * stdout as text.
 *
 * @example
 * const oid = (await runGit(['--git-dir=/srv/repos/a.git', 'rev-parse', 'HEAD'])).trim();
 * await runGit(['--git-dir=/srv/repos/a.git', 'fetch', url, '+refs/*:refs/*'], {
 *   config: [{ key: 'http.extraHeader', value: 'Authorization: GL-Geo …' }],
 * });
 */
export async function runGit(
  args: readonly string[],
  options: RunGitOptions = {},
): Promise<string> {
  return (await runGitBytes(args, options)).toString('utf8');
}
