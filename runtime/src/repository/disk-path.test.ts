import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hashedDiskPath,
  isSafeDiskPath,
  repositoryGitDir,
  temporaryCloneRoot,
  UnsafeDiskPathError,
} from './disk-path.ts';

describe('repository disk paths', () => {
  it.each([
    ['@hashed/ab/cd/abcd'],
    ['group/subgroup/project'],
    ['project.wiki'],
    ['@geo-temporary-not-quite/x'],
  ])('accepts %s', (diskPath) => {
    expect(isSafeDiskPath(diskPath)).toBe(true);
    expect(repositoryGitDir('/srv/repositories', diskPath)).toBe(
      join('/srv/repositories', `${diskPath}.git`),
    );
  });

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['../outside', 'a parent segment'],
    ['group/../../outside', 'a parent segment further in'],
    ['group\\..\\outside', 'backslashes'],
    ['group//project', 'an empty segment'],
    ['group/', 'a trailing slash'],
    ['./@geo-temporary/x', 'a . segment'],
    ['@geo-temporary/abcd.git-1234', 'the directory of clones in progress'],
  ])('refuses %j (%s), naming the path and what to fix', (diskPath) => {
    expect(isSafeDiskPath(diskPath)).toBe(false);
    expect(() => repositoryGitDir('/srv/repositories', diskPath)).toThrow(
      new UnsafeDiskPathError(diskPath),
    );
    expect(new UnsafeDiskPathError(diskPath).message).toContain(JSON.stringify(diskPath));
    expect(new UnsafeDiskPathError(diskPath).message).toContain("Fix the record's disk_path.");
  });

  it('lays repositories out by the SHA-256 of their key, as GitLab’s hashed storage does', () => {
    const hash = createHash('sha256').update('project_repositories/1').digest('hex');
    expect(hashedDiskPath('project_repositories/1')).toBe(
      `@hashed/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`,
    );
    expect(hashedDiskPath('project_repositories/2')).not.toBe(
      hashedDiskPath('project_repositories/1'),
    );
    expect(isSafeDiskPath(hashedDiskPath('project_repositories/1'))).toBe(true);
  });

  it('keeps new clones in the storage root, where no safe disk path leads', () => {
    const root = '/srv/repositories';
    const temporary = temporaryCloneRoot(root);
    expect(temporary.startsWith(`${root}/`)).toBe(true);
    const inside = temporary.slice(root.length + 1);
    expect(isSafeDiskPath(`${inside}/anything`)).toBe(false);
  });
});
