import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The lock file, inside the data directory (as PostgreSQL's `postmaster.pid`): the holder's pid. */
export const DATA_DIR_LOCK_FILE = 'geo-runtime.lock';

type Holder = number | 'this process' | 'another process';

/** A PGlite data directory another live instance has open: two writers would corrupt it. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';

  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    super(
      holder === 'this process'
        ? `The PGlite database in ${dataDir} is already open in this process: close it before opening it again (PGlite allows one instance per directory).`
        : `The PGlite database in ${dataDir} is in use by ${typeof holder === 'number' ? `process ${holder}` : holder}: ` +
            `PGlite allows one process per directory, so stop that one first (or use PostgreSQL to run several processes). ` +
            `If no such process runs, delete ${join(dataDir, DATA_DIR_LOCK_FILE)}.`,
    );
  }
}

export interface DataDirLock {
  /** Removes the lock file, if it is still this holder's (idempotent). */
  release(): Promise<void>;
}

/** Lock files this process holds, by real path: a second open here is refused too. */
const held = new Set<string>();

/** Takeovers of a stale lock raced by others before giving up. */
const ATTEMPTS = 5;

/**
 * Takes the data directory for this instance (creating the directory if needed), or throws
 * `DataDirInUseError` naming the live process that holds it. A lock whose process is dead is
 * stale, and taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const dir = await realpath(dataDir);
  const path = join(dir, DATA_DIR_LOCK_FILE);
  if (held.has(path)) throw new DataDirInUseError(dir, 'this process');
  held.add(path);
  const content = `${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  try {
    await take(path, content, dir);
  } catch (error) {
    held.delete(path);
    throw error;
  }
  let released: Promise<void> | undefined;
  return {
    release: () =>
      (released ??= (async () => {
        // Only our own: a process that took the lock over (believing us dead) keeps its lock.
        if ((await readText(path)) === content) await rm(path, { force: true });
        held.delete(path);
      })()),
  };
}

async function take(path: string, content: string, dir: string): Promise<void> {
  // Written whole under another name, then linked into place: link() fails if a lock exists
  // (O_EXCL's guarantee), and no lock is ever seen half written (an empty one would look stale).
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, content, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await link(draft, path);
        return;
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') throw error;
      }
      const existing = await readText(path);
      if (existing === undefined) continue; // released meanwhile
      const holder = Number.parseInt(existing, 10);
      // Our own pid in a lock this process does not hold is an earlier process's that had the
      // same pid (a container's pid 1 after a restart): stale, like a dead process's.
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirInUseError(dir, holder);
      }
      // Removed only if unchanged. Two processes taking over the same stale lock at the same
      // instant leave a window of one read: the price of a lock without flock() in Node.
      if ((await readText(path)) === existing) await rm(path, { force: true });
    }
    throw new DataDirInUseError(dir, 'another process');
  } finally {
    await rm(draft, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return codeOf(error) === 'EPERM';
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
