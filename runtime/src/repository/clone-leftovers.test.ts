import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloneTempPrefix, removeCloneLeftovers } from './clone-leftovers.ts';
import { useTempDir } from './testing/git-fixtures.ts';

describe('removeCloneLeftovers', () => {
  const temp = useTempDir();
  const root = () => join(temp.path, 'repositories');
  const tempRoot = () => join(root(), '@geo-temporary');
  /** A clone in progress of `gitDir`, named as `syncRepository` names it. */
  const cloneOf = async (gitDir: string) => {
    await mkdir(tempRoot(), { recursive: true });
    const clone = await mkdtemp(join(tempRoot(), cloneTempPrefix(gitDir)));
    await mkdir(join(clone, 'objects'), { recursive: true });
    return clone;
  };

  it('removes every clone of the repository a killed sync left, and says how many', async () => {
    const gitDir = join(root(), '@hashed/ab/cd/abcd.git');
    await cloneOf(gitDir);
    await cloneOf(gitDir);

    expect(await removeCloneLeftovers(tempRoot(), gitDir)).toBe(2);
    expect(await readdir(tempRoot())).toEqual([]);
  });

  it("leaves other repositories' clones alone, also those with the same basename", async () => {
    const gitDir = join(root(), 'group-a/project.git');
    const sameName = await cloneOf(join(root(), 'group-b/project.git'));
    const longerName = await cloneOf(join(root(), 'group-a/project.git-2.git'));
    await cloneOf(gitDir);

    expect(await removeCloneLeftovers(tempRoot(), gitDir)).toBe(1);
    expect((await readdir(tempRoot())).sort()).toEqual(
      [sameName, longerName].map((path) => path.slice(tempRoot().length + 1)).sort(),
    );
  });

  it('finds nothing to remove when no sync ever made the temporary directory', async () => {
    expect(await removeCloneLeftovers(tempRoot(), join(root(), 'a.git'))).toBe(0);
  });

  it('names clones readably by the repository, and differently for different paths', () => {
    const prefix = cloneTempPrefix(join(root(), 'group-a/project.git'));
    expect(prefix.startsWith('project.git-')).toBe(true);
    expect(prefix).not.toBe(cloneTempPrefix(join(root(), 'group-b/project.git')));
    expect(prefix).toBe(cloneTempPrefix(join(root(), 'group-a/../group-a/project.git')));
  });
});
