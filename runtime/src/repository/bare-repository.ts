import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runGit } from './git.ts';

/** The branch a new repository's HEAD names until its first push says otherwise. */
export const DEFAULT_BRANCH = 'main';

/** A new repository's path is taken: by a leftover, a restored backup, another record's repository. */
export class RepositoryPathTakenError extends Error {
  override readonly name = 'RepositoryPathTakenError';
  constructor(
    readonly gitDir: string,
    options?: ErrorOptions,
  ) {
    super(
      `Cannot create a repository at ${gitDir}: something is already there. If it is left over ` +
        'from a deleted record, remove it; otherwise give the new record another disk_path.',
      options,
    );
  }
}

/**
 * Creates an empty bare repository at `gitDir` (and its parent directories). Refuses a path
 * that exists: `git init` would adopt a repository already there, refs and all, and whoever
 * undoes a failed create would then remove what was not theirs.
 */
export async function initBareRepository(gitDir: string): Promise<void> {
  await mkdir(dirname(gitDir), { recursive: true });
  try {
    // Not recursive: fails if the directory exists, also when another create made it just now.
    await mkdir(gitDir);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST')
      throw new RepositoryPathTakenError(gitDir, { cause: error });
    throw error;
  }
  try {
    await runGit(['init', '--quiet', '--bare', `--initial-branch=${DEFAULT_BRANCH}`, '--', gitDir]);
  } catch (error) {
    await rm(gitDir, { recursive: true, force: true });
    throw error;
  }
}

/** Whether `gitDir` holds a bare repository (a `HEAD` file and an `objects` directory). */
export async function bareRepositoryExists(gitDir: string): Promise<boolean> {
  const [head, objects] = await Promise.all([
    stat(join(gitDir, 'HEAD')).catch(() => undefined),
    stat(join(gitDir, 'objects')).catch(() => undefined),
  ]);
  return head?.isFile() === true && objects?.isDirectory() === true;
}
