import * as nodeFs from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConflictError, WriteFailedError } from './errors.ts';
import type { FileChange, Tree } from './tree.ts';

/** The file operations flushing needs; tests replace one to fail half-way. */
export interface FlushFs {
  mkdir(path: string, options: { recursive: true }): Promise<string | undefined>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
}

export interface FlushOptions {
  /** Allow overwriting files the generator meant to create. */
  readonly force: boolean;
  readonly fs?: FlushFs;
}

interface Staged {
  readonly change: FileChange;
  readonly target: string;
  /** The new contents, written beside the target before anything is moved. */
  readonly temp: string | undefined;
  /** Where the old file is parked until every move has succeeded. */
  readonly backup: string | undefined;
}

/**
 * Writes the Tree's changes all or nothing: each new file is first written to a temporary file
 * beside its target, then every target is swapped in by rename (the old file parked as a backup).
 * If any step fails, the swaps done so far are undone in reverse, temporaries and new directories
 * are removed, and WriteFailedError says which path failed. Returns the changes written.
 */
export async function flush(tree: Tree, options: FlushOptions): Promise<FileChange[]> {
  const fs = options.fs ?? nodeFs;
  const conflicts = tree.conflicts();
  if (conflicts.length > 0 && !options.force) throw new ConflictError(conflicts);

  const changes = tree.changes();
  // Unique per run, so leftovers of a crashed run can never be mistaken for ours.
  const tag = `.geo-gen-${process.pid}-${Date.now().toString(36)}`;
  const staged: Staged[] = changes.map((change) => {
    const target = join(tree.root, change.path);
    return {
      change,
      target,
      temp: change.kind === 'DELETE' ? undefined : `${target}${tag}.tmp`,
      backup: change.kind === 'CREATE' ? undefined : `${target}${tag}.bak`,
    };
  });
  const createdDirs: string[] = [];
  const writtenTemps: string[] = [];
  const undo: { readonly run: () => Promise<void>; readonly path: string }[] = [];

  let failedPath = tree.root;
  try {
    for (const step of staged) {
      failedPath = step.change.path;
      if (step.temp === undefined || step.change.kind === 'DELETE') continue;
      await makeDirectory(fs, dirname(step.target), createdDirs);
      writtenTemps.push(step.temp);
      await fs.writeFile(step.temp, step.change.content);
    }
    for (const step of staged) {
      failedPath = step.change.path;
      const { target, temp, backup } = step;
      if (backup !== undefined) {
        await fs.rename(target, backup);
        undo.push({ path: target, run: () => fs.rename(backup, target) });
      }
      if (temp !== undefined) {
        await fs.rename(temp, target);
        writtenTemps.splice(writtenTemps.indexOf(temp), 1);
        undo.push({ path: target, run: () => fs.unlink(target) });
      }
    }
  } catch (error) {
    const leftBehind = await rollBack(fs, undo, writtenTemps, createdDirs);
    throw new WriteFailedError(failedPath, error, leftBehind);
  }

  // Every file is in place; backups are no longer needed. A failure here loses nothing.
  for (const { backup } of staged) {
    if (backup !== undefined) await fs.unlink(backup).catch(() => undefined);
  }
  return changes;
}

/** Undoes in reverse order; returns the paths it could not restore or remove. */
async function rollBack(
  fs: FlushFs,
  undo: readonly { readonly run: () => Promise<void>; readonly path: string }[],
  temps: readonly string[],
  createdDirs: readonly string[],
): Promise<string[]> {
  const leftBehind: string[] = [];
  for (const step of [...undo].reverse()) {
    await step.run().catch(() => leftBehind.push(step.path));
  }
  for (const temp of temps) {
    await fs.unlink(temp).catch((error: unknown) => {
      if (!isMissing(error)) leftBehind.push(temp);
    });
  }
  // Deepest first; a directory someone else filled meanwhile is left alone.
  for (const dir of [...createdDirs].sort((a, b) => b.length - a.length)) {
    await fs.rmdir(dir).catch(() => undefined);
  }
  return leftBehind;
}

/** mkdir -p that remembers each directory it created, so a rollback can remove exactly those. */
async function makeDirectory(fs: FlushFs, dir: string, created: string[]): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let current = dir; current.length >= first.length; current = dirname(current)) {
    created.push(current);
    if (current === first) break;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
