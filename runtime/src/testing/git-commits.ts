import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runGit } from '../repository/git.ts';

// Commits made straight into a bare repository with git's plumbing (no work tree, no push), as
// the host's users' pushes would leave it, for the specs of repository data types.

/**
 * A fixed author, committer and date: the same files, message and parent always give the same
 * commit id, on any machine and at any time.
 */
export const TEST_COMMIT_IDENTITY: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'Geo Test',
  GIT_AUTHOR_EMAIL: 'geo-test@example.com',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'Geo Test',
  GIT_COMMITTER_EMAIL: 'geo-test@example.com',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

export interface CommitOptions {
  /** The branch to commit on (default `main`); its current commit, if any, is the parent. */
  readonly branch?: string;
  /** The commit's whole tree: path (`docs/intro.md` makes a directory) → content. */
  readonly files: Readonly<Record<string, string>>;
  readonly message?: string;
}

/** A path of `files` that git cannot store: empty segments, `.`, `..` or `.git`. */
export class InvalidTreePathError extends Error {
  override readonly name = 'InvalidTreePathError';
  constructor(readonly path: string) {
    super(
      `Cannot commit ${JSON.stringify(path)}: give relative paths of non-empty segments, ` +
        "none of them '.', '..' or '.git'.",
    );
  }
}

/** A tree being built: file → content, directory → its own tree. */
type TreeNode = Map<string, string | TreeNode>;

function buildTree(files: Readonly<Record<string, string>>): TreeNode {
  const root: TreeNode = new Map();
  for (const [path, content] of Object.entries(files)) {
    const segments = path.split('/');
    if (segments.some((segment) => ['', '.', '..', '.git'].includes(segment)))
      throw new InvalidTreePathError(path);
    let node = root;
    for (const segment of segments.slice(0, -1)) {
      const child = node.get(segment) ?? new Map<string, string | TreeNode>();
      if (typeof child === 'string') throw new InvalidTreePathError(path);
      node.set(segment, child);
      node = child;
    }
    const name = segments[segments.length - 1] ?? '';
    if (node.has(name)) throw new InvalidTreePathError(path);
    node.set(name, content);
  }
  return root;
}

/** Writes the objects of `tree` into the repository; returns the tree's id. */
async function writeTree(gitDir: string, tree: TreeNode): Promise<string> {
  const entries: string[] = [];
  for (const [name, entry] of tree) {
    if (typeof entry === 'string') {
      const blob = await git(gitDir, ['hash-object', '-w', '--stdin'], entry);
      entries.push(`100644 blob ${blob}\t${name}`);
    } else {
      entries.push(`040000 tree ${await writeTree(gitDir, entry)}\t${name}`);
    }
  }
  // mktree sorts the entries itself; `-z`: names may hold any byte but NUL.
  return git(gitDir, ['mktree', '-z'], entries.map((line) => `${line}\0`).join(''));
}

async function git(gitDir: string, args: readonly string[], input?: string): Promise<string> {
  const output = await runGit([`--git-dir=${gitDir}`, ...args], {
    env: TEST_COMMIT_IDENTITY,
    ...(input === undefined ? {} : { input }),
  });
  return output.trim();
}

/** The commit a ref points to, or undefined when there is no such ref. */
export async function resolveRef(gitDir: string, ref: string): Promise<string | undefined> {
  try {
    return await git(gitDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return undefined;
  }
}

/**
 * Commits `files` (the whole tree of the new commit) on `branch` of the bare repository `gitDir`
 * and moves the branch to it, as a push would; returns the commit id. With the fixed identity and
 * dates, the same calls on two repositories give the same ids.
 *
 * @example
 * const oid = await commitToRepository(record.gitDir, { files: { 'README.md': '# Hello\n' } });
 */
export async function commitToRepository(gitDir: string, options: CommitOptions): Promise<string> {
  const ref = `refs/heads/${options.branch ?? 'main'}`;
  const tree = await writeTree(gitDir, buildTree(options.files));
  const parent = await resolveRef(gitDir, ref);
  const commit = await git(gitDir, [
    'commit-tree',
    tree,
    ...(parent ? ['-p', parent] : []),
    '-m',
    options.message ?? 'Commit',
  ]);
  // Only from the parent we read: a concurrent push to the same branch fails this one loudly.
  await git(gitDir, ['update-ref', ref, commit, parent ?? '']);
  return commit;
}

/** Points `ref` (e.g. `refs/heads/main`) at `oid`, an object the repository has: a ref moved behind Geo's back. */
export async function moveRef(gitDir: string, ref: string, oid: string): Promise<void> {
  await git(gitDir, ['update-ref', ref, oid]);
}

/** Deletes a branch, as `git push origin :<branch>` does. */
export async function deleteBranch(gitDir: string, branch: string): Promise<void> {
  await git(gitDir, ['update-ref', '-d', `refs/heads/${branch}`]);
}

/** Every ref under `refs/` and the object it points to. */
export async function listRefs(gitDir: string): Promise<Record<string, string>> {
  const output = await git(gitDir, ['for-each-ref', '--format=%(refname) %(objectname)']);
  const refs: Record<string, string> = {};
  for (const line of output.split('\n')) {
    if (!line) continue;
    const space = line.lastIndexOf(' ');
    refs[line.slice(0, space)] = line.slice(space + 1);
  }
  return refs;
}

/**
 * Copies `source` to `target` as `git clone --mirror` does (every ref, HEAD), as a secondary's
 * synced copy is; creates `target`'s parent directories.
 */
export async function mirrorRepository(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await runGit(['clone', '--quiet', '--mirror', '--', source, target]);
}

/**
 * The refs checksum of a repository holding exactly `refs` (ref name → object id), worked out
 * from the definition of `calculateRefsChecksum` rather than by it: the value a spec expects.
 */
export function refsChecksumOf(refs: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256');
  const names = Object.keys(refs).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) hash.update(`${name}\0${refs[name]}\n`);
  return hash.digest('hex');
}
