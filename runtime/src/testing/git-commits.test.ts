import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBareRepository } from '../repository/bare-repository.ts';
import { GitCommandError, runGit } from '../repository/git.ts';
import { calculateRefsChecksum, EMPTY_REFS_CHECKSUM } from '../repository/refs-checksum.ts';
import { useTempDir } from '../repository/testing/git-fixtures.ts';
import {
  commitToRepository,
  deleteBranch,
  InvalidTreePathError,
  listRefs,
  mirrorRepository,
  moveRef,
  refsChecksumOf,
  resolveRef,
} from './git-commits.ts';

describe('commitToRepository', () => {
  const temp = useTempDir();
  const repository = async (name: string) => {
    const gitDir = join(temp.path, `${name}.git`);
    await initBareRepository(gitDir);
    return gitDir;
  };
  const git = (gitDir: string, args: readonly string[]) =>
    runGit([`--git-dir=${gitDir}`, ...args]).then((output) => output.trim());

  it('commits the files as the whole tree, directories included, on main', async () => {
    const gitDir = await repository('a');
    const commit = await commitToRepository(gitDir, {
      files: { 'README.md': '# Hello\n', 'docs/guide/intro.md': 'Intro\n' },
      message: 'First',
    });

    expect(await resolveRef(gitDir, 'refs/heads/main')).toBe(commit);
    expect(await git(gitDir, ['ls-tree', '-r', '--name-only', commit])).toBe(
      'README.md\ndocs/guide/intro.md',
    );
    expect(await git(gitDir, ['show', `${commit}:docs/guide/intro.md`])).toBe('Intro');
    expect(await git(gitDir, ['log', '--format=%s %an <%ae> %aI', commit])).toBe(
      'First Geo Test <geo-test@example.com> 2024-01-01T00:00:00+00:00',
    );
  });

  it('gives the same commit ids in any repository, and chains commits on a branch', async () => {
    const [a, b] = [await repository('a'), await repository('b')];
    const first = await commitToRepository(a, { files: { 'x.txt': '1\n' } });
    expect(await commitToRepository(b, { files: { 'x.txt': '1\n' } })).toBe(first);

    const second = await commitToRepository(a, { files: { 'x.txt': '2\n' } });
    expect(await git(a, ['rev-parse', `${second}^`])).toBe(first);
    const feature = await commitToRepository(a, { branch: 'feature', files: { 'y.txt': 'y\n' } });
    expect(await listRefs(a)).toEqual({ 'refs/heads/main': second, 'refs/heads/feature': feature });
  });

  it('refuses paths git cannot store, before writing anything', async () => {
    const gitDir = await repository('a');
    for (const path of ['', '/abs', 'a//b', '../up', 'a/./b', '.git/config', 'dir/']) {
      await expect(commitToRepository(gitDir, { files: { [path]: 'x' } })).rejects.toThrow(
        new InvalidTreePathError(path),
      );
    }
    await expect(
      commitToRepository(gitDir, { files: { a: 'file', 'a/b': 'below the file' } }),
    ).rejects.toThrow(InvalidTreePathError);
    expect(await listRefs(gitDir)).toEqual({});
  });

  it('moves and deletes refs, and knows a missing one', async () => {
    const gitDir = await repository('a');
    const first = await commitToRepository(gitDir, { files: { 'x.txt': '1\n' } });
    const second = await commitToRepository(gitDir, { files: { 'x.txt': '2\n' } });

    await moveRef(gitDir, 'refs/heads/main', first);
    expect(await resolveRef(gitDir, 'refs/heads/main')).toBe(first);
    await moveRef(gitDir, 'refs/heads/other', second);
    await deleteBranch(gitDir, 'main');
    expect(await listRefs(gitDir)).toEqual({ 'refs/heads/other': second });
    expect(await resolveRef(gitDir, 'refs/heads/main')).toBeUndefined();
    await expect(moveRef(gitDir, 'refs/heads/main', '1'.repeat(40))).rejects.toThrow(
      GitCommandError,
    );
  });

  it('mirrors a repository with every ref, into new parent directories', async () => {
    const source = await repository('source');
    await commitToRepository(source, { files: { 'x.txt': '1\n' } });
    await commitToRepository(source, { branch: 'feature', files: { 'y.txt': '1\n' } });
    const target = join(temp.path, 'deep', 'er', 'copy.git');

    await mirrorRepository(source, target);

    expect(await listRefs(target)).toEqual(await listRefs(source));
  });
});

describe('refsChecksumOf', () => {
  const temp = useTempDir();

  it('agrees with calculateRefsChecksum, with and without refs', async () => {
    const gitDir = join(temp.path, 'a.git');
    await initBareRepository(gitDir);
    expect(refsChecksumOf({})).toBe(EMPTY_REFS_CHECKSUM);
    expect(refsChecksumOf(await listRefs(gitDir))).toBe(await calculateRefsChecksum(gitDir));

    await commitToRepository(gitDir, { files: { 'x.txt': '1\n' } });
    await commitToRepository(gitDir, { branch: 'feature-2', files: { 'x.txt': '2\n' } });
    await commitToRepository(gitDir, { branch: 'feature/x', files: { 'x.txt': '3\n' } });
    expect(refsChecksumOf(await listRefs(gitDir))).toBe(await calculateRefsChecksum(gitDir));
  });
});
