import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GitCommandError, runGit } from './git.ts';
import { DEFAULT_BRANCH } from './bare-repository.ts';

/** One commit to add to a branch of a bare repository. */
export interface FilesCommit {
  /** Path inside the repository → content; the commit's tree is exactly these files. */
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  readonly message: string;
  /** Default `main`; created when missing. */
  readonly branch?: string;
  /** Default `Geo Demo <geo-demo@example.com>`. */
  readonly author?: { readonly name: string; readonly email: string };
}

/**
 * Commits `files` on `branch` of the bare repository `gitDir`, on top of the branch's tip, as a
 * push would (no hooks run: call the model's `afterPush()` afterwards). The files are staged
 * from a temporary work tree into a temporary index, so nothing of the repository but its
 * objects and that one ref changes. Returns the new commit's id.
 *
 * @example
 * await commitFiles(record.gitDir, { files: { 'README.md': '# Hello\n' }, message: 'Add README' });
 * await record.afterPush();
 */
export async function commitFiles(gitDir: string, commit: FilesCommit): Promise<string> {
  const branch = `refs/heads/${commit.branch ?? DEFAULT_BRANCH}`;
  const author = commit.author ?? { name: 'Geo Demo', email: 'geo-demo@example.com' };
  const scratch = await mkdtemp(join(tmpdir(), 'geo-commit-'));
  try {
    const workTree = join(scratch, 'tree');
    for (const [path, content] of Object.entries(commit.files)) {
      await mkdir(dirname(join(workTree, path)), { recursive: true });
      await writeFile(join(workTree, path), content);
    }
    await mkdir(workTree, { recursive: true });
    const env = {
      GIT_INDEX_FILE: join(scratch, 'index'),
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    };
    const git = (args: readonly string[]) =>
      runGit([`--git-dir=${gitDir}`, `--work-tree=${workTree}`, ...args], { env });
    await git(['add', '--all', '--force', '.']);
    const tree = (await git(['write-tree'])).trim();
    const parent = await tipOf(gitDir, branch);
    const parents = parent === undefined ? [] : ['-p', parent];
    const id = (await git(['commit-tree', tree, ...parents, '-m', commit.message])).trim();
    // Compare-and-swap: a concurrent push to the same branch makes this fail, not vanish.
    await git(['update-ref', branch, id, parent ?? '']);
    return id;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The commit a branch points to, or undefined while it does not exist. */
async function tipOf(gitDir: string, ref: string): Promise<string | undefined> {
  try {
    return (await runGit([`--git-dir=${gitDir}`, 'rev-parse', '--verify', '--quiet', ref])).trim();
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode === 1) return undefined;
    throw error;
  }
}
