import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RepositoryOutsideRootError, StorageRootNotFoundError } from './errors.ts';
import { createGitSandbox, type GitSandbox } from './git-harness.ts';
import { resolveRepository } from './repository-location.ts';

describe('resolveRepository', () => {
  let sandbox: GitSandbox;
  beforeEach(async () => {
    sandbox = await createGitSandbox();
  });
  afterEach(() => sandbox.remove());

  it('finds a bare repository at <root>/<disk_path>.git, by its real path', async () => {
    const gitDir = await sandbox.createRepository('@hashed/6b/86/6b86b273', { commits: 1 });
    const linkedRoot = join(sandbox.dir, 'linked-root');
    await symlink(sandbox.root, linkedRoot);
    expect(
      await resolveRepository('group/app', {
        root: linkedRoot,
        diskPath: '@hashed/6b/86/6b86b273',
      }),
    ).toEqual({ kind: 'found', gitDir });
  });

  it('does not find a repository that is not there, or a directory that is no repository', async () => {
    await mkdir(join(sandbox.root, 'plain.git'));
    for (const diskPath of ['missing', 'plain', 'missing/deeper']) {
      expect(await resolveRepository('g/a', { root: sandbox.root, diskPath }), diskPath).toEqual({
        kind: 'not-found',
      });
    }
  });

  it.each([['../outside'], ['group/../../outside'], ['/etc/outside'], [''], ['a//b'], ['..']])(
    'refuses the disk path %j as outside the root, without looking at the disk',
    async (diskPath) => {
      const resolved = await resolveRepository('g/a', { root: sandbox.root, diskPath });
      expect(resolved.kind).toBe('outside-root');
    },
  );

  it('refuses a repository whose symlink leads out of the root', async () => {
    const outside = join(sandbox.dir, 'outside');
    await mkdir(outside);
    const elsewhere = await createGitSandbox();
    try {
      const target = await elsewhere.createRepository('secret', { commits: 1 });
      await symlink(target, join(sandbox.root, 'evil.git'));
      await symlink(elsewhere.root, join(sandbox.root, 'group'));
      for (const diskPath of ['evil', 'group/secret']) {
        const resolved = await resolveRepository('g/a', { root: sandbox.root, diskPath });
        expect(resolved.kind, diskPath).toBe('outside-root');
        if (resolved.kind === 'outside-root') {
          expect(resolved.error).toBeInstanceOf(RepositoryOutsideRootError);
          expect(resolved.error.resolved).toBe(target);
        }
      }
    } finally {
      await elsewhere.remove();
    }
  });

  it('says so when the storage root itself is missing', async () => {
    await expect(
      resolveRepository('g/a', { root: join(sandbox.dir, 'no-root'), diskPath: 'a' }),
    ).rejects.toBeInstanceOf(StorageRootNotFoundError);
  });
});
