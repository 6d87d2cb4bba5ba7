import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATOR_FILES } from '../host/layout.ts';
import type { WriteSteps } from './crash-hook.ts';
import { RecoveryFailedError } from './errors.ts';
import { deleteJournal, readJournal, type Journal } from './journal.ts';

/** What the start of a command found: a host left consistent, or the run it had to finish. */
export type Recovery =
  | { readonly kind: 'clean' }
  | {
      readonly kind: 'rolled-back' | 'rolled-forward';
      /** The interrupted run's process. */
      readonly pid: number;
      /** How many files its change had. */
      readonly files: number;
    };

/**
 * Makes a host consistent again after a run that was killed while writing; call it holding the
 * host's lock, before reading the host. The rule: a journal marked `committed` (every file was
 * already renamed into place) is rolled forward, by removing the backups; any other is rolled
 * back to the host as it was before. Every step looks at the disk rather than at what the dead
 * run may have done, and the journal goes last, so a recovery killed half-way is finished by
 * the next one.
 */
export async function recoverHost(root: string, steps: WriteSteps): Promise<Recovery> {
  const journal = await readJournal(root);
  if (journal === undefined) return { kind: 'clean' };
  const committed = journal.state === 'committed';
  const leftBehind = committed
    ? await rollForward(root, journal, steps)
    : await rollBack(root, journal, steps);
  if (leftBehind.length > 0) {
    throw new RecoveryFailedError(join(root, GENERATOR_FILES.journal), leftBehind);
  }
  await deleteJournal(root);
  steps.done();
  const files = journal.entries.length;
  return { kind: committed ? 'rolled-forward' : 'rolled-back', pid: journal.pid, files };
}

/**
 * Puts back the host the journal's change started from: temporaries and created files removed,
 * backups renamed over their targets, created folders removed when empty. Returns the paths it
 * could not restore; the journal itself is left to the caller.
 */
export async function rollBack(
  root: string,
  journal: Journal,
  steps: WriteSteps,
): Promise<string[]> {
  const leftBehind: string[] = [];
  const remove = (path: string) => removeFile(root, path, steps, leftBehind);
  for (const entry of [...journal.entries].reverse()) {
    if (entry.kind !== 'delete') await remove(entry.temp);
    // A created file exists only if its rename happened: nothing else writes while we hold the lock.
    if (entry.kind === 'create') await remove(entry.path);
    else await restore(root, entry.backup, entry.path, steps, leftBehind);
  }
  for (const dir of [...journal.createdDirs].sort((a, b) => b.length - a.length)) {
    // Not empty: someone put a file there since; it stays, with its folder.
    await fs.rmdir(join(root, dir)).then(
      () => steps.done(),
      () => undefined,
    );
  }
  return leftBehind;
}

/** Every file is in place already: only the backups (and any temporary) are left to remove. */
async function rollForward(root: string, journal: Journal, steps: WriteSteps): Promise<string[]> {
  const leftBehind: string[] = [];
  for (const entry of journal.entries) {
    if (entry.kind !== 'delete') await removeFile(root, entry.temp, steps, leftBehind);
    if (entry.kind !== 'create') await removeFile(root, entry.backup, steps, leftBehind);
  }
  return leftBehind;
}

async function removeFile(
  root: string,
  path: string,
  steps: WriteSteps,
  leftBehind: string[],
): Promise<void> {
  try {
    await fs.unlink(join(root, path));
    steps.done();
  } catch (error) {
    if (!isMissing(error)) leftBehind.push(path);
  }
}

/** Renames the backup over the target; a missing backup means the target was never moved. */
async function restore(
  root: string,
  backup: string,
  path: string,
  steps: WriteSteps,
  leftBehind: string[],
): Promise<void> {
  try {
    await fs.rename(join(root, backup), join(root, path));
    steps.done();
  } catch (error) {
    if (!isMissing(error)) leftBehind.push(path);
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
