import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from '../git.ts';

/** A fixed identity, so that commits need no git configuration. */
const IDENTITY = {
  GIT_AUTHOR_NAME: 'Geo Test',
  GIT_AUTHOR_EMAIL: 'geo-test@example.com',
  GIT_COMMITTER_NAME: 'Geo Test',
  GIT_COMMITTER_EMAIL: 'geo-test@example.com',
};

export interface BareCommitOptions {
  /**
   * The commit's parent: default the branch's tip, or HEAD's when the branch is new (none when
   * the repository has no commits). `null` makes a root commit, so that moving an existing
   * branch to it rewrites the branch's history, as a force-push does.
   */
  readonly parent?: string | null;
  readonly message?: string;
}

/**
 * Commits straight into a bare repository with git's plumbing (a blob, a tree from a throw-away
 * index, `commit-tree`, `update-ref`), as a push to the primary would leave it: no work tree and
 * no server. Each commit adds a file of its own, so every commit id is new.
 *
 * @example
 * const commits = new BareCommits(record.gitDir);
 * await commits.commit('main');
 * await commits.commit('feature', { parent: null }); // a rewritten branch
 */
export class BareCommits {
  constructor(readonly gitDir: string) {}

  /** Adds a commit on `branch` (created if new) and returns its id. */
  async commit(branch = 'main', options: BareCommitOptions = {}): Promise<string> {
    const parent =
      options.parent === undefined
        ? ((await this.tip(`refs/heads/${branch}`)) ?? (await this.tip('HEAD')))
        : options.parent;
    const scratch = await mkdtemp(join(tmpdir(), 'geo-bare-commit-'));
    try {
      const env = { ...IDENTITY, GIT_INDEX_FILE: join(scratch, 'index') };
      if (parent !== null && parent !== undefined) {
        await this.git(['read-tree', parent], env);
      }
      const name = `file-${randomUUID()}.txt`;
      const content = join(scratch, name);
      await writeFile(content, `${name} on ${branch}\n`);
      const blob = (await this.git(['hash-object', '-w', '--', content])).trim();
      await this.git(['update-index', '--add', '--cacheinfo', `100644,${blob},${name}`], env);
      const tree = (await this.git(['write-tree'], env)).trim();
      const parents = parent === null || parent === undefined ? [] : ['-p', parent];
      const commit = (
        await this.git(
          ['commit-tree', tree, ...parents, '-m', options.message ?? `Add ${name}`],
          env,
        )
      ).trim();
      await this.git(['update-ref', `refs/heads/${branch}`, commit]);
      return commit;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** An annotated tag of `target` (default HEAD); returns the tag object's id. */
  async tag(name: string, target = 'HEAD'): Promise<string> {
    await this.git(['tag', '-a', '-m', `Tag ${name}`, name, target], IDENTITY);
    return (await this.git(['rev-parse', `refs/tags/${name}`])).trim();
  }

  async deleteBranch(branch: string): Promise<void> {
    await this.git(['update-ref', '-d', `refs/heads/${branch}`]);
  }

  /** Points HEAD at `branch` (the repository's default branch). */
  async setHead(branch: string): Promise<void> {
    await this.git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  /** The commit `ref` names, or undefined when it names none (a new branch, an unborn HEAD). */
  async tip(ref: string): Promise<string | undefined> {
    const oid = await this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(
      () => '',
    );
    return oid.trim() || undefined;
  }

  private git(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<string> {
    return runGit([`--git-dir=${this.gitDir}`, ...args], env ? { env } : {});
  }
}
