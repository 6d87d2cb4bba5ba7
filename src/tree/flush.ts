import * as nodeFs from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { GENERATOR_FILES } from '../host/layout.ts';
import { UNCOUNTED, type WriteSteps } from './crash-hook.ts';
import { ChangedOnDiskError, ConflictError, WriteFailedError } from './errors.ts';
import { deleteJournal, newJournal, writeJournal, type JournalEntry } from './journal.ts';
import { rollBack } from './recover.ts';
import type { FileChange, Tree } from './tree.ts';

/** The file operations of the write phase; tests replace one to fail half-way. */
export interface FlushFs {
  mkdir(path: string, options: { recursive: true }): Promise<string | undefined>;
  /** Creates a new file (never overwrites) durably, with exactly `mode` when one is given. */
  writeFile(path: string, data: Uint8Array, mode?: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export interface FlushOptions {
  /** Allow overwriting files the generator meant to create. */
  readonly force: boolean;
  readonly fs?: FlushFs;
  /** The run's write steps, which the crash test hook counts. */
  readonly steps?: WriteSteps;
}

const NODE_FS: FlushFs = {
  mkdir: (path, options) => nodeFs.mkdir(path, options),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (path) => nodeFs.unlink(path),
  writeFile: async (path, data, mode) => {
    const file = await nodeFs.open(path, 'wx', mode);
    try {
      await file.writeFile(data);
      // The umask narrows a new file's mode; a file replacing another keeps exactly its mode.
      if (mode !== undefined) await file.chmod(mode);
      await file.sync();
    } finally {
      await file.close();
    }
  },
};

interface Staged {
  readonly entry: JournalEntry;
  readonly content: Buffer | undefined;
  /** The mode of the file being replaced, which its new contents keep. */
  readonly mode: number | undefined;
}

/**
 * Writes the Tree's changes all or nothing, even across a kill: the whole change is first
 * recorded in the host's journal; then each new file is written to a temporary file beside its
 * target, and every target is swapped in by rename (the old file parked as a backup); then the
 * journal is marked committed and the backups go. If a step fails, the change is rolled back
 * from the journal and WriteFailedError says which path failed; if the process dies, the next
 * command rolls it back or forward (see `recover.ts`). Refuses when a file the plan read has
 * changed on disk since. Returns the changes written.
 */
export async function flush(tree: Tree, options: FlushOptions): Promise<FileChange[]> {
  const fs = options.fs ?? NODE_FS;
  const steps = options.steps ?? UNCOUNTED;
  const conflicts = tree.conflicts();
  if (conflicts.length > 0 && !options.force) throw new ConflictError(conflicts);
  const changed = tree.changedOnDisk();
  if (changed.length > 0) throw new ChangedOnDiskError(changed);

  const changes = tree.changes();
  if (changes.length === 0) return changes;
  const { root } = tree;
  const at = (path: string): string => join(root, path);
  // Unique per run, so leftovers of another run can never be mistaken for ours.
  const tag = `.geo-gen-${process.pid}-${Date.now().toString(36)}`;
  const staged = await Promise.all(changes.map((change) => stage(root, change, tag)));
  const journal = newJournal(
    staged.map(({ entry }) => entry),
    await missingFolders(root, changes),
  );

  let failedPath: string = GENERATOR_FILES.journal;
  try {
    await writeJournal(root, journal);
    steps.done();
    for (const { entry, content, mode } of staged) {
      failedPath = entry.path;
      if (entry.kind === 'delete' || content === undefined) continue;
      await fs.mkdir(dirname(at(entry.path)), { recursive: true });
      await fs.writeFile(at(entry.temp), content, mode);
      steps.done();
    }
    for (const { entry } of staged) {
      failedPath = entry.path;
      if (entry.kind !== 'create') {
        await fs.rename(at(entry.path), at(entry.backup));
        steps.done();
      }
      if (entry.kind !== 'delete') {
        await fs.rename(at(entry.temp), at(entry.path));
        steps.done();
      }
    }
    failedPath = GENERATOR_FILES.journal;
    await writeJournal(root, { ...journal, state: 'committed' });
    steps.done();
  } catch (error) {
    const leftBehind = await rollBack(root, journal, UNCOUNTED);
    // Only a complete rollback may forget the change; otherwise the next run retries it.
    if (leftBehind.length === 0) await deleteJournal(root).catch(() => undefined);
    throw new WriteFailedError(failedPath, error, leftBehind);
  }

  // Every file is in place. A failure from here loses nothing: the committed journal makes the
  // next run remove the backups left.
  try {
    for (const { entry } of staged) {
      if (entry.kind === 'create') continue;
      await fs.unlink(at(entry.backup));
      steps.done();
    }
    await deleteJournal(root);
    steps.done();
  } catch {
    // Left to the next run, as said above.
  }
  return changes;
}

async function stage(root: string, change: FileChange, tag: string): Promise<Staged> {
  const { path } = change;
  const [temp, backup] = [`${path}${tag}.tmp`, `${path}${tag}.bak`];
  switch (change.kind) {
    case 'CREATE':
      return { entry: { kind: 'create', path, temp }, content: change.content, mode: undefined };
    case 'UPDATE': {
      const { mode } = await nodeFs.stat(join(root, path));
      const entry: JournalEntry = { kind: 'replace', path, temp, backup };
      return { entry, content: change.content, mode: mode & 0o7777 };
    }
    case 'DELETE':
      return { entry: { kind: 'delete', path, backup }, content: undefined, mode: undefined };
  }
}

/** The folders writing `changes` creates, parents first, so a rollback can remove exactly those. */
async function missingFolders(root: string, changes: readonly FileChange[]): Promise<string[]> {
  const missing = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'DELETE') continue;
    for (let dir = posix.dirname(change.path); dir !== '.'; dir = posix.dirname(dir)) {
      if (missing.has(dir) || (await exists(join(root, dir)))) break;
      missing.add(dir);
    }
  }
  return [...missing].sort((a, b) => a.length - b.length);
}

async function exists(path: string): Promise<boolean> {
  return nodeFs.lstat(path).then(
    () => true,
    () => false,
  );
}
