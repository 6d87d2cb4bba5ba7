import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { TEST_COMMIT_IDENTITY } from '../../testing/git-commits.ts';
import { runGit } from '../git.ts';

/** Fixed identity and dates, so that the same commits made twice have the same ids. */
const COMMIT_ENV = TEST_COMMIT_IDENTITY;

/** A fresh directory per test, removed after it. */
export function useTempDir(prefix = 'geo-repository-'): { readonly path: string } {
  let path: string | undefined;
  beforeEach(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    if (path) await rm(path, { recursive: true, force: true });
    path = undefined;
  });
  return {
    get path() {
      if (!path) throw new Error('useTempDir: only inside a test');
      return path;
    },
  };
}

/**
 * A bare repository with a work tree beside it to commit into, as a primary's repository is
 * pushed to.
 */
export class FixtureRepository {
  private commits = 0;

  private constructor(
    /** The bare repository (`…/<name>.git`). */
    readonly gitDir: string,
    private readonly workTree: string,
  ) {}

  /** An empty bare repository at `<dir>/<name>.git` whose HEAD names `defaultBranch`. */
  static async create(
    dir: string,
    name: string,
    options: { readonly defaultBranch?: string } = {},
  ): Promise<FixtureRepository> {
    const branch = options.defaultBranch ?? 'main';
    const gitDir = join(dir, `${name}.git`);
    const workTree = join(dir, `${name}.work`);
    await mkdir(workTree, { recursive: true });
    await runGit(['init', '--quiet', '--bare', `--initial-branch=${branch}`, gitDir]);
    await runGit(['init', '--quiet', `--initial-branch=${branch}`, workTree]);
    return new FixtureRepository(gitDir, workTree);
  }

  /** Commits a new file on `branch` (created from the current commit if new) and pushes it. */
  async commit(branch = 'main', message?: string): Promise<string> {
    this.commits += 1;
    const file = `file-${this.commits}.txt`;
    await this.work(['checkout', '--quiet', '-B', branch]);
    await writeFile(join(this.workTree, file), `content ${this.commits}\n`);
    await this.work(['add', file]);
    await this.work(['commit', '--quiet', '-m', message ?? `Commit ${this.commits}`]);
    await this.work(['push', '--quiet', '--force', this.gitDir, `HEAD:refs/heads/${branch}`]);
    return (await this.work(['rev-parse', 'HEAD'])).trim();
  }

  /** Runs git on the bare repository. */
  git(args: readonly string[]): Promise<string> {
    return runGit([`--git-dir=${this.gitDir}`, ...args], { env: COMMIT_ENV });
  }

  private work(args: readonly string[]): Promise<string> {
    return runGit(['-C', this.workTree, ...args], { env: COMMIT_ENV });
  }
}

/** Every ref of a repository as `oid refname` lines, HEAD's target first. */
export async function showRefs(gitDir: string): Promise<string> {
  const head = await runGit([`--git-dir=${gitDir}`, 'symbolic-ref', '--quiet', 'HEAD']).catch(
    () => 'detached or unborn',
  );
  const refs = await runGit([
    `--git-dir=${gitDir}`,
    'for-each-ref',
    '--format=%(objectname) %(refname)',
  ]);
  return `HEAD -> ${head.trim()}\n${refs}`;
}
