import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { DATA_DIR_LOCK_FILE, DataDirInUseError } from './data-dir-lock.ts';
import { openDatabase } from './open-database.ts';

const OPEN_DATABASE = new URL('./open-database.ts', import.meta.url).href;

/**
 * Another process that opens `dataDir` with `openDatabase`: it prints `open` once it holds it, or
 * the error's message if refused, and closes and exits when its stdin ends.
 */
function otherProcess(dataDir: string) {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(OPEN_DATABASE)});
    let database;
    try {
      database = await openDatabase({ kind: 'pglite', dataDir: ${JSON.stringify(dataDir)} });
    } catch (error) {
      console.log(error.message);
      process.exit(1);
    }
    console.log('open');
    process.stdin.resume();
    process.stdin.on('end', async () => { await database.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: RUNTIME_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  // Its first line, or undefined if it exited without one.
  const firstLine = new Promise<string | undefined>((resolve) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then(() => resolve(undefined));
  });
  return { child, exited, firstLine, close: () => child.stdin.end() };
}

const children = new Set<ChildProcess>();

describe('a PGlite data directory is open in one place at a time', () => {
  let root = '';
  let dataDir = '';
  beforeAll(async () => {
    // Real: the lock's messages name the directory's real path.
    root = await realpath(await mkdtemp(join(tmpdir(), 'geo-data-dir-lock-')));
    dataDir = join(root, 'data');
    // Created once here, so that the other processes only open it.
    await (await openDatabase<unknown>({ kind: 'pglite', dataDir })).close();
  });
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('refuses this process while another holds it, and opens it once that one closes', async () => {
    const other = otherProcess(dataDir);
    expect(await other.firstLine).toBe('open');

    const refused = openDatabase<unknown>({ kind: 'pglite', dataDir });
    await expect(refused).rejects.toThrow(DataDirInUseError);
    await expect(refused).rejects.toThrow(
      `The PGlite database in ${dataDir} is in use by process ${other.child.pid}: PGlite allows one process per directory`,
    );

    other.close();
    expect(await other.exited).toBe(0);
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);
    const database = await openDatabase<unknown>({ kind: 'pglite', dataDir });
    await database.close();
  });

  it('refuses another process while this one holds it', async () => {
    const database = await openDatabase<unknown>({ kind: 'pglite', dataDir });
    try {
      const other = otherProcess(dataDir);
      expect(await other.firstLine).toMatch(
        new RegExp(`^The PGlite database in .* is in use by process ${process.pid}: `),
      );
      expect(await other.exited).toBe(1);
      // The refused process left the lock alone.
      await sql`SELECT 1`.execute(database.db);
      expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('refuses a second open in this process until the first is closed', async () => {
    const first = await openDatabase<unknown>({ kind: 'pglite', dataDir });
    try {
      await expect(
        openDatabase<unknown>({ kind: 'pglite', dataDir: `${dataDir}/.` }),
      ).rejects.toThrow(
        `The PGlite database in ${dataDir} is already open in this process: close it before opening it again`,
      );
    } finally {
      await first.close();
    }
    const again = await openDatabase<unknown>({ kind: 'pglite', dataDir });
    await again.close();
    await again.close(); // idempotent: the lock is released once
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);
  });

  it('takes over the lock of a process that is gone, or of an earlier process with its pid', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    const pid = gone.pid;
    await new Promise((resolve) => gone.once('exit', resolve));
    // A container's pid 1 after a restart finds its own pid in the lock it left.
    for (const holder of [pid, process.pid]) {
      await writeFile(join(dataDir, DATA_DIR_LOCK_FILE), `${holder}\nleft-behind\n`);
      const database = await openDatabase<unknown>({ kind: 'pglite', dataDir });
      await database.close();
      expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);
    }
  });
});
