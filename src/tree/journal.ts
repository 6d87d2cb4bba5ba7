import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { messageOf } from '../errors.ts';
import { GENERATOR_FILES } from '../host/layout.ts';
import { UnreadableJournalError } from './errors.ts';
import { treePath } from './paths.ts';

/** One file of a change, with where its new contents and its old file wait (relative paths). */
export type JournalEntry =
  | { readonly kind: 'create'; readonly path: string; readonly temp: string }
  | {
      readonly kind: 'replace';
      readonly path: string;
      readonly temp: string;
      readonly backup: string;
    }
  | { readonly kind: 'delete'; readonly path: string; readonly backup: string };

export const JOURNAL_STATES = ['writing', 'committed'] as const;
/**
 * `writing` from before the first write until the last rename; `committed` once every file is
 * in place (only backups are left to remove). Recovery rolls back or forward on it.
 */
export type JournalState = (typeof JOURNAL_STATES)[number];

/** The whole change a run is writing into a host, recorded before it writes anything. */
export interface Journal {
  readonly version: 1;
  readonly state: JournalState;
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  readonly entries: readonly JournalEntry[];
  /** Directories the change creates, parents first; a rollback removes them (when empty). */
  readonly createdDirs: readonly string[];
}

export function newJournal(
  entries: readonly JournalEntry[],
  createdDirs: readonly string[],
): Journal {
  return {
    version: 1,
    state: 'writing',
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    entries,
    createdDirs,
  };
}

/**
 * Replaces the host's journal atomically and durably: a temporary file, fsync, rename, fsync
 * of the folder. A kill at any point leaves either the old journal or the new one, whole.
 */
export async function writeJournal(root: string, journal: Journal): Promise<void> {
  const path = join(root, GENERATOR_FILES.journal);
  const temp = `${path}.tmp`;
  await fs.mkdir(dirname(path), { recursive: true });
  const file = await fs.open(temp, 'w');
  try {
    await file.writeFile(`${JSON.stringify(journal, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.rename(temp, path);
  await syncFolder(dirname(path));
}

/** The host's journal, or undefined when no run was interrupted. */
export async function readJournal(root: string): Promise<Journal | undefined> {
  const path = join(root, GENERATOR_FILES.journal);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new UnreadableJournalError(path, messageOf(error));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UnreadableJournalError(path, `not JSON (${messageOf(error)})`);
  }
  const journal = parseJournal(root, parsed);
  if (typeof journal === 'string') throw new UnreadableJournalError(path, journal);
  return journal;
}

/** Removes the journal (last step of a write or a recovery), and `.geo-gen/` once empty. */
export async function deleteJournal(root: string): Promise<void> {
  const path = join(root, GENERATOR_FILES.journal);
  await fs.rm(`${path}.tmp`, { force: true });
  await fs.rm(path, { force: true });
  await syncFolder(dirname(path));
  await removeGeneratorFolder(root);
}

/** Removes `.geo-gen/` when nothing is left in it (the lock of a run keeps it). */
export async function removeGeneratorFolder(root: string): Promise<void> {
  await fs.rmdir(join(root, GENERATOR_FILES.dir)).catch(() => undefined);
}

async function syncFolder(dir: string): Promise<void> {
  // Makes the rename durable; some platforms cannot open folders, where renames are anyway.
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** The journal `value` holds, or why it is not a journal of this host. */
function parseJournal(root: string, value: unknown): Journal | string {
  if (!isRecord(value)) return 'not a JSON object';
  const { version, state, pid, hostname, startedAt, entries, createdDirs } = value;
  if (version !== 1) return `version ${String(version)} is not 1`;
  const knownState = JOURNAL_STATES.find((known) => known === state);
  if (knownState === undefined) return `unknown state ${String(state)}`;
  if (typeof pid !== 'number' || !Number.isInteger(pid)) return '"pid" is not a number';
  if (typeof hostname !== 'string' || typeof startedAt !== 'string') {
    return '"hostname" or "startedAt" is not a string';
  }
  if (!Array.isArray(entries) || !Array.isArray(createdDirs)) {
    return '"entries" or "createdDirs" is not a list';
  }
  const dirs: string[] = [];
  for (const dir of createdDirs) {
    if (!isHostPath(root, dir)) return `created folder ${String(dir)} is not inside the host`;
    dirs.push(dir);
  }
  const parsedEntries: JournalEntry[] = [];
  for (const entry of entries) {
    const parsed = parseEntry(root, entry);
    if (parsed === undefined) return `entry ${JSON.stringify(entry)} is not a file change`;
    parsedEntries.push(parsed);
  }
  return {
    version,
    state: knownState,
    pid,
    hostname,
    startedAt,
    entries: parsedEntries,
    createdDirs: dirs,
  };
}

function parseEntry(root: string, value: unknown): JournalEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { kind, path, temp, backup } = value;
  if (!isHostPath(root, path)) return undefined;
  if (kind === 'create' && isHostPath(root, temp)) return { kind, path, temp };
  if (kind === 'replace' && isHostPath(root, temp) && isHostPath(root, backup)) {
    return { kind, path, temp, backup };
  }
  if (kind === 'delete' && isHostPath(root, backup)) return { kind, path, backup };
  return undefined;
}

/** A relative path inside the root, as the Tree writes them (so a journal moves nothing else). */
function isHostPath(root: string, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return treePath(root, value) === value;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
