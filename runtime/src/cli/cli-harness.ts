import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { main } from './main.ts';

/** Runs `geo-runtime <argv>` in-process on this runtime's host and one database (for tests). */
export async function runGeoRuntime(
  argv: readonly string[],
  database: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await main({
    argv: ['--root', RUNTIME_ROOT, '--database', database, ...argv],
    env: {},
    stdout,
    stderr,
  });
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}
