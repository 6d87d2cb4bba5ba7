import { spawn } from 'node:child_process';
import { SOURCE_NODE_ARGS } from '../../test/support/source-node-args.ts';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { main } from './main.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `geo-runtime <argv>` in-process on one database (for tests), for this runtime's host or
 * the application at `root`.
 */
export async function runGeoRuntime(
  argv: readonly string[],
  database: string,
  env: NodeJS.ProcessEnv = {},
  root: string = RUNTIME_ROOT,
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await main({
    argv: ['--root', root, '--database', database, ...argv],
    env,
    stdout,
    stderr,
  });
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

const BIN = fileURLToPath(new URL('../../bin/geo-runtime', import.meta.url));

/**
 * Runs `geo-runtime <argv>` as a child process in `cwd`, on this runtime's host, with only `env`
 * as its Geo settings: for what depends on the working directory (relative paths).
 */
export async function spawnGeoRuntime(
  argv: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  const child = spawn(
    process.execPath,
    [...SOURCE_NODE_ARGS, BIN, '--root', RUNTIME_ROOT, ...argv],
    {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'], ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const [stdout, stderr, code] = await Promise.all([
    text(child.stdout),
    text(child.stderr),
    new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode ?? 1));
    }),
  ]);
  return { code, stdout, stderr };
}
