import { describe, expect, it } from 'vitest';
import { initBareRepository } from './bare-repository.ts';
import { commitFiles } from './commit-files.ts';
import { GitCommandError, runGit } from './git.ts';
import { useTempDir } from './testing/git-fixtures.ts';

describe('commitFiles', () => {
  const dir = useTempDir();
  const git = (gitDir: string, ...args: string[]) =>
    runGit([`--git-dir=${gitDir}`, ...args]).then((out) => out.trim());

  it('commits exactly the given files on a new branch, then on top of it', async () => {
    const gitDir = `${dir.path}/a.git`;
    await initBareRepository(gitDir);
    const first = await commitFiles(gitDir, {
      files: { 'README.md': '# A\n', 'src/a.txt': 'a\n' },
      message: 'First',
    });
    const second = await commitFiles(gitDir, {
      files: { 'README.md': '# A, again\n' },
      message: 'Second',
    });

    expect(await git(gitDir, 'rev-parse', 'refs/heads/main')).toBe(second);
    expect(await git(gitDir, 'rev-parse', `${second}^`)).toBe(first);
    expect(await git(gitDir, 'ls-tree', '-r', '--name-only', first)).toBe('README.md\nsrc/a.txt');
    expect(await git(gitDir, 'ls-tree', '-r', '--name-only', second)).toBe('README.md');
    expect(await git(gitDir, 'show', `${second}:README.md`)).toBe('# A, again');
    expect(await git(gitDir, 'log', '--format=%an <%ae> %s', 'main')).toBe(
      'Geo Demo <geo-demo@example.com> Second\nGeo Demo <geo-demo@example.com> First',
    );
  });

  it('commits to another branch without touching main', async () => {
    const gitDir = `${dir.path}/b.git`;
    await initBareRepository(gitDir);
    const main = await commitFiles(gitDir, { files: { a: '1' }, message: 'main' });
    const feature = await commitFiles(gitDir, {
      files: { b: '2' },
      message: 'f',
      branch: 'feature',
    });
    expect(await git(gitDir, 'rev-parse', 'main')).toBe(main);
    expect(await git(gitDir, 'rev-parse', 'feature')).toBe(feature);
  });

  it('fails on a directory that is not a repository, with git’s message', async () => {
    await expect(
      commitFiles(`${dir.path}/missing.git`, { files: { a: '1' }, message: 'x' }),
    ).rejects.toThrow(GitCommandError);
  });
});
