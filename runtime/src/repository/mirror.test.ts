import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GitCommandError, runGit } from './git.ts';
import { syncRepository, type SyncRepositoryOptions } from './mirror.ts';
import { calculateRefsChecksum, EMPTY_REFS_CHECKSUM } from './refs-checksum.ts';
import { FixtureRepository, showRefs, useTempDir } from './testing/git-fixtures.ts';

describe('syncRepository', () => {
  const temp = useTempDir();
  const target = () => join(temp.path, 'secondary/@hashed/ab/cd/abcd.git');
  const tempRoot = () => join(temp.path, 'secondary/@geo-temporary');
  const primaryRepository = (options: { defaultBranch?: string } = {}) =>
    FixtureRepository.create(join(temp.path, 'primary'), 'project', options);
  const sync = (primary: FixtureRepository, options: Partial<SyncRepositoryOptions> = {}) =>
    syncRepository({
      url: pathToFileURL(primary.gitDir).href,
      target: target(),
      tempRoot: tempRoot(),
      ...options,
    });

  it('clones a new repository with every ref and HEAD of the primary, leaving no temporary clone', async () => {
    const primary = await primaryRepository({ defaultBranch: 'trunk' });
    await primary.commit('trunk');
    await primary.commit('feature');
    await primary.git(['tag', '-a', '-m', 'Release', 'v1.0', 'trunk']);

    const result = await sync(primary);

    expect(result).toEqual({
      kind: 'cloned',
      refsChecksum: await calculateRefsChecksum(primary.gitDir),
      head: 'refs/heads/trunk',
      housekeeping: { kind: 'done' },
    });
    expect(await showRefs(target())).toBe(await showRefs(primary.gitDir));
    expect(await runGit([`--git-dir=${target()}`, 'rev-parse', '--is-bare-repository'])).toBe(
      'true\n',
    );
    expect(await readdir(tempRoot())).toEqual([]);
  });

  it('fetches new, rewritten and deleted refs and a new default branch into an existing repository', async () => {
    const primary = await primaryRepository();
    await primary.commit('main');
    const featureBase = await primary.commit('feature');
    await primary.commit('feature');
    await primary.commit('obsolete');
    await sync(primary);

    await primary.commit('main');
    await primary.git(['update-ref', 'refs/heads/feature', featureBase]); // a force-push
    await primary.git(['update-ref', '-d', 'refs/heads/obsolete']);
    await primary.git(['tag', 'v2.0', 'main']);
    await primary.git(['symbolic-ref', 'HEAD', 'refs/heads/feature']);
    const result = await sync(primary);

    expect(result).toMatchObject({
      kind: 'fetched',
      refsChecksum: await calculateRefsChecksum(primary.gitDir),
      head: 'refs/heads/feature',
    });
    expect(await showRefs(target())).toBe(await showRefs(primary.gitDir));
  });

  it('puts back refs that were changed or added on the secondary', async () => {
    const primary = await primaryRepository();
    const first = await primary.commit('main');
    await primary.commit('main');
    await sync(primary);
    await runGit([`--git-dir=${target()}`, 'update-ref', 'refs/heads/main', first]);
    await runGit([`--git-dir=${target()}`, 'update-ref', 'refs/heads/stray', first]);
    expect(await calculateRefsChecksum(target())).not.toBe(
      await calculateRefsChecksum(primary.gitDir),
    );

    expect(await sync(primary)).toMatchObject({ kind: 'fetched' });
    expect(await showRefs(target())).toBe(await showRefs(primary.gitDir));
  });

  it('clones a repository without commits, then fetches its first ones', async () => {
    const primary = await primaryRepository();

    expect(await sync(primary)).toEqual({
      kind: 'cloned',
      refsChecksum: EMPTY_REFS_CHECKSUM,
      head: undefined,
      housekeeping: { kind: 'done' },
    });
    await primary.commit('main');
    expect(await sync(primary)).toMatchObject({ kind: 'fetched', head: 'refs/heads/main' });
    expect(await showRefs(target())).toBe(await showRefs(primary.gitDir));
  });

  it('removes every ref when the primary has none left', async () => {
    const primary = await primaryRepository();
    await primary.commit('main');
    await sync(primary);
    await primary.git(['update-ref', '-d', 'refs/heads/main']);

    expect(await sync(primary)).toMatchObject({
      kind: 'fetched',
      refsChecksum: EMPTY_REFS_CHECKSUM,
    });
  });

  it('fails with git’s message and leaves nothing behind when the clone fails', async () => {
    const notARepository = join(temp.path, 'nothing-here');

    const failure = syncRepository({
      url: pathToFileURL(notARepository).href,
      target: target(),
      tempRoot: tempRoot(),
    });

    await expect(failure).rejects.toBeInstanceOf(GitCommandError);
    await expect(failure).rejects.toMatchObject({
      command: 'clone',
      exitCode: 128,
      stderr: expect.stringContaining(`'${notARepository}' does not appear to be a git repository`),
    });
    expect(existsSync(target())).toBe(false);
    expect(await readdir(tempRoot())).toEqual([]);
  });

  it('leaves HEAD alone when the primary names none', async () => {
    const primary = await primaryRepository();
    await primary.commit('main');
    await sync(primary);
    const oid = (await primary.git(['rev-parse', 'main'])).trim();
    await primary.git(['update-ref', '--no-deref', 'HEAD', oid]); // a detached HEAD

    expect(await sync(primary)).toMatchObject({ kind: 'fetched', head: undefined });
    expect(await runGit([`--git-dir=${target()}`, 'symbolic-ref', 'HEAD'])).toBe(
      'refs/heads/main\n',
    );
  });
});
