import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real launcher, as a user's shell runs it. */
export const BIN = fileURLToPath(new URL('../../bin/geo-gen.cjs', import.meta.url));
/** For `node --import <TSX> file.ts`, whatever the child's working directory. */
export const TSX = import.meta.resolve('tsx');
/**
 * Node options that run this repository's TypeScript sources: the `geo-source` condition of
 * package.json "imports" and "exports" (without it the launchers run the build in dist/).
 */
export const SOURCE_NODE_ARGS: readonly string[] = ['--conditions=geo-source', '--import', TSX];

export interface ChildExit {
  readonly pid: number;
  /** Null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The test process's environment for a child, without the variables that decide colour, so
 * that a child writing into a pipe prints plain text whatever the developer's shell sets.
 */
export function childEnv(env: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...inherited } = process.env;
  return { ...inherited, CI: '1', ...env };
}

/** Runs `node <args>` to its end, non-interactive (CI=1), and says how it ended. */
export function runNode(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string>> },
): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ pid: child.pid ?? -1, code, signal, stdout, stderr }),
    );
  });
}
