import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HostLockedError, type LockOwner } from './errors.ts';
import { GENERATOR_FILES } from './layout.ts';

export interface HostLock {
  readonly owner: LockOwner;
  /** Removes the lock (and `.geo-gen/` when empty); idempotent. */
  release(): Promise<void>;
}

export interface LockOptions {
  readonly command: string;
  /** How long to wait for a live owner to finish before refusing. */
  readonly waitMs: number;
  /** A message for the user, e.g. that a dead run's lock was taken over. */
  readonly note: (message: string) => void;
}

const POLL_MS = 100;

/**
 * Makes this process the host's one writer: creates `.geo-gen/lock` exclusively (with this
 * process's pid), waiting up to `waitMs` while another live run holds it and taking over the
 * lock of a run that died. Refuses with HostLockedError naming the holder.
 */
export async function lockHost(root: string, options: LockOptions): Promise<HostLock> {
  const path = join(root, GENERATOR_FILES.lock);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    command: options.command,
  };
  const text = `${JSON.stringify(owner)}\n`;
  const deadline = Date.now() + options.waitMs;
  let vanished = false;
  for (;;) {
    if (await createExclusive(path, text)) return heldLock(root, path, owner, text);
    const held = await readText(path);
    const holder = held === undefined ? undefined : parseOwner(held);
    if (held !== undefined && holder !== undefined && isDead(holder)) {
      if (await removeStale(path, held, text)) {
        options.note(
          `took over the lock of geo-gen ${holder.command} (pid ${holder.pid}), which is no longer running`,
        );
        continue;
      }
    }
    // Released between our attempt and the read: try again at once, but not twice in a row.
    vanished = held === undefined && !vanished;
    if (vanished) continue;
    if (Date.now() >= deadline) throw new HostLockedError(path, holder, options.waitMs);
    await sleep(POLL_MS);
  }
}

function heldLock(root: string, path: string, owner: LockOwner, text: string): HostLock {
  let released: Promise<void> | undefined;
  return {
    owner,
    release: () =>
      (released ??= (async () => {
        // Never remove a lock that is no longer ours (taken over by someone who thought us dead).
        if ((await readText(path)) === text) {
          await fs.rm(path, { force: true });
        }
        await sweepLeftovers(path);
        await fs.rmdir(join(root, GENERATOR_FILES.dir)).catch(() => undefined); // in use
      })()),
  };
}

/** A lock (or takeover guard) in the making, `lock.<pid>-<random>`: the pid of its maker. */
const IN_THE_MAKING = /^lock(?:\.takeover)?\.(\d+)-[0-9a-f]+$/;

/** Removes what runs killed while taking the lock left beside it, so `.geo-gen/` can go. */
async function sweepLeftovers(lock: string): Promise<void> {
  const dir = dirname(lock);
  for (const name of await fs.readdir(dir).catch(() => [])) {
    const pid = IN_THE_MAKING.exec(name)?.[1];
    if (pid !== undefined && isDead({ pid: Number(pid), hostname: os.hostname() })) {
      await fs.rm(join(dir, name), { force: true });
    }
  }
  const guard = await readText(`${lock}.takeover`);
  const taker = guard === undefined ? undefined : parseOwner(guard);
  if (taker !== undefined && isDead(taker)) await fs.rm(`${lock}.takeover`, { force: true });
}

/**
 * Creates `path` holding `text` unless it exists, atomically: the text is written to a file of
 * our own and hard-linked into place, so nobody ever reads a half-written lock.
 */
async function createExclusive(path: string, text: string): Promise<boolean> {
  const own = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`; // IN_THE_MAKING
  try {
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(own, text, { flag: 'wx' });
    await fs.link(own, path);
    return true;
  } catch (error) {
    // ENOENT: a run releasing its lock removed `.geo-gen/` between our steps; the caller retries.
    if (hasCode(error, 'EEXIST') || hasCode(error, 'ENOENT')) return false;
    throw error;
  } finally {
    await fs.rm(own, { force: true });
  }
}

/**
 * Removes a dead owner's lock, if it is still `stale`. Takers go one at a time through a guard
 * file, and each re-reads the lock under it, so a live lock taken meanwhile is never removed.
 * (A taker killed while holding the guard leaves it; its guard is removed once its pid is dead.)
 */
async function removeStale(path: string, stale: string, text: string): Promise<boolean> {
  const guard = `${path}.takeover`;
  if (!(await createExclusive(guard, text))) {
    const guardText = await readText(guard);
    const taker = guardText === undefined ? undefined : parseOwner(guardText);
    if (taker !== undefined && isDead(taker)) await fs.rm(guard, { force: true });
    return false; // the caller waits and tries again
  }
  try {
    if ((await readText(path)) !== stale) return false;
    await fs.rm(path, { force: true });
    return true;
  } finally {
    await fs.rm(guard, { force: true });
  }
}

function readText(path: string): Promise<string | undefined> {
  return fs.readFile(path, 'utf8').catch(() => undefined);
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return undefined;
    const { pid, hostname, startedAt, command } = value;
    if (typeof pid !== 'number' || !Number.isInteger(pid)) return undefined;
    if (typeof hostname !== 'string' || typeof startedAt !== 'string') return undefined;
    if (typeof command !== 'string') return undefined;
    return { pid, hostname, startedAt, command };
  } catch {
    return undefined; // not ours to judge: treated as held by someone alive
  }
}

/** Only a process of this machine can be known dead; signal 0 checks without signalling. */
function isDead(owner: Pick<LockOwner, 'pid' | 'hostname'>): boolean {
  if (owner.hostname !== os.hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return hasCode(error, 'ESRCH'); // EPERM: alive, another user's
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
