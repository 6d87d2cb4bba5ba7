import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runGit } from './git.ts';

/** The branch a new repository's HEAD names until its first push says otherwise. */
export const DEFAULT_BRANCH = 'main';

/** Creates an empty bare repository at `gitDir` (and its parent directories). */
export async function initBareRepository(gitDir: string): Promise<void> {
  await mkdir(dirname(gitDir), { recursive: true });
  await runGit(['init', '--quiet', '--bare', `--initial-branch=${DEFAULT_BRANCH}`, '--', gitDir]);
}

/** Whether `gitDir` holds a bare repository (a `HEAD` file and an `objects` directory). */
export async function bareRepositoryExists(gitDir: string): Promise<boolean> {
  const [head, objects] = await Promise.all([
    stat(join(gitDir, 'HEAD')).catch(() => undefined),
    stat(join(gitDir, 'objects')).catch(() => undefined),
  ]);
  return head?.isFile() === true && objects?.isDirectory() === true;
}
