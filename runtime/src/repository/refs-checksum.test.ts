import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitCommandError, runGit } from './git.ts';
import { calculateRefsChecksum, EMPTY_REFS_CHECKSUM } from './refs-checksum.ts';
import { FixtureRepository, useTempDir } from './testing/git-fixtures.ts';

describe('calculateRefsChecksum', () => {
  const temp = useTempDir();

  /** A repository with branches `main`, `feature`, a tag, and `HEAD` on `main`. */
  async function primaryWithRefs(): Promise<FixtureRepository> {
    const repository = await FixtureRepository.create(temp.path, 'primary');
    await repository.commit('main');
    await repository.commit('feature');
    await repository.git(['tag', '-a', '-m', 'Release', 'v1.0', 'main']);
    return repository;
  }

  /** A second repository with the primary's objects and no refs of its own. */
  async function emptyCopyOf(source: FixtureRepository, name: string): Promise<string> {
    const gitDir = join(temp.path, `${name}.git`);
    await runGit(['init', '--quiet', '--bare', gitDir]);
    await runGit([
      `--git-dir=${gitDir}`,
      'fetch',
      '--quiet',
      source.gitDir,
      'refs/*:refs/fetched/*',
    ]);
    for (const ref of (
      await runGit([`--git-dir=${gitDir}`, 'for-each-ref', '--format=%(refname)'])
    ).split('\n')) {
      if (ref) await runGit([`--git-dir=${gitDir}`, 'update-ref', '-d', ref]);
    }
    return gitDir;
  }

  it('is SHA-256 over sorted `<refname>\\0<oid>\\n` lines', async () => {
    const repository = await FixtureRepository.create(temp.path, 'primary');
    const main = await repository.commit('main');
    const other = await repository.commit('a-branch');

    expect(await calculateRefsChecksum(repository.gitDir)).toBe(
      createHash('sha256')
        .update(`refs/heads/a-branch\0${other}\nrefs/heads/main\0${main}\n`)
        .digest('hex'),
    );
  });

  it('is the same for two repositories with the same refs made in another order', async () => {
    const primary = await primaryWithRefs();
    const copy = await emptyCopyOf(primary, 'copy');
    const refs = (await primary.git(['for-each-ref', '--format=%(refname) %(objectname)']))
      .trim()
      .split('\n');
    for (const line of refs.reverse()) {
      const [ref = '', oid = ''] = line.split(' ');
      await runGit([`--git-dir=${copy}`, 'update-ref', ref, oid]);
    }

    expect(await calculateRefsChecksum(copy)).toBe(await calculateRefsChecksum(primary.gitDir));
  });

  it('is the same whether refs are loose files or packed', async () => {
    const primary = await primaryWithRefs();
    const before = await calculateRefsChecksum(primary.gitDir);
    await primary.git(['pack-refs', '--all']);

    expect(existsSync(join(primary.gitDir, 'refs/heads/main'))).toBe(false);
    expect(await readFile(join(primary.gitDir, 'packed-refs'), 'utf8')).toContain(
      'refs/heads/main',
    );
    expect(await calculateRefsChecksum(primary.gitDir)).toBe(before);
  });

  it('changes when a ref points elsewhere, is added or is removed', async () => {
    const primary = await primaryWithRefs();
    const checksums = [await calculateRefsChecksum(primary.gitDir)];
    await primary.git(['update-ref', 'refs/heads/feature', 'main']);
    checksums.push(await calculateRefsChecksum(primary.gitDir));
    await primary.git(['update-ref', 'refs/heads/extra', 'main']);
    checksums.push(await calculateRefsChecksum(primary.gitDir));
    await primary.git(['update-ref', '-d', 'refs/tags/v1.0']);
    checksums.push(await calculateRefsChecksum(primary.gitDir));

    expect(new Set(checksums).size).toBe(4);
  });

  it('does not count HEAD: the default branch may differ', async () => {
    const primary = await primaryWithRefs();
    const before = await calculateRefsChecksum(primary.gitDir);
    await primary.git(['symbolic-ref', 'HEAD', 'refs/heads/feature']);

    expect(await calculateRefsChecksum(primary.gitDir)).toBe(before);
  });

  it('is the documented constant for a repository without refs', async () => {
    const gitDir = join(temp.path, 'empty.git');
    await runGit(['init', '--quiet', '--bare', gitDir]);

    expect(await calculateRefsChecksum(gitDir)).toBe(EMPTY_REFS_CHECKSUM);
    expect(EMPTY_REFS_CHECKSUM).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('fails with git’s message when there is no repository', async () => {
    await expect(calculateRefsChecksum(join(temp.path, 'none.git'))).rejects.toBeInstanceOf(
      GitCommandError,
    );
  });
});
