import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi, afterEach } from 'vitest';
import { GitCommandError, GitUnavailableError, runGit } from './git.ts';
import { useTempDir } from './testing/git-fixtures.ts';

/** The environment git's own child processes see, through an alias that runs `env`. */
async function environmentOfGit(
  options: Parameters<typeof runGit>[1] = {},
): Promise<Map<string, string>> {
  const output = await runGit(['-c', 'alias.show-env=!env', 'show-env'], options);
  const entries = output
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line): [string, string] => [
      line.slice(0, line.indexOf('=')),
      line.slice(line.indexOf('=') + 1),
    ]);
  return new Map(entries);
}

describe('runGit', () => {
  const temp = useTempDir();
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('resolves with what git printed', async () => {
    await runGit(['init', '--quiet', '--bare', join(temp.path, 'a.git')]);
    expect(
      await runGit([`--git-dir=${join(temp.path, 'a.git')}`, 'rev-parse', '--is-bare-repository']),
    ).toBe('true\n');
  });

  it('rejects with git’s own message and exit code when git fails', async () => {
    const failure = runGit([`--git-dir=${join(temp.path, 'none.git')}`, 'for-each-ref']);
    await expect(failure).rejects.toBeInstanceOf(GitCommandError);
    await expect(failure).rejects.toMatchObject({
      command: 'for-each-ref',
      exitCode: 128,
      stderr: `fatal: not a git repository: '${join(temp.path, 'none.git')}'`,
      message: `git for-each-ref exited with code 128: fatal: not a git repository: '${join(temp.path, 'none.git')}'`,
    });
  });

  it('says what to check when git cannot start in the given directory', async () => {
    const missing = join(temp.path, 'missing');
    await expect(runGit(['status'], { cwd: missing })).rejects.toEqual(
      new GitUnavailableError(missing),
    );
  });

  it('ignores the user’s and the machine’s git configuration and environment', async () => {
    const home = join(temp.path, 'home');
    await mkdir(home);
    await writeFile(join(home, '.gitconfig'), '[user]\n\tname = Leaky User\n');
    vi.stubEnv('HOME', home);
    vi.stubEnv('XDG_CONFIG_HOME', home);
    vi.stubEnv('GIT_DIR', join(temp.path, 'elsewhere.git'));
    vi.stubEnv('GIT_TRACE', '1');
    vi.stubEnv('LANG', 'de_DE.UTF-8');

    // `git config --list` shows every configuration git reads: none outside this command.
    expect(await runGit(['config', '--list'], { cwd: temp.path })).toBe('');
    const env = await environmentOfGit({ cwd: temp.path });
    expect({
      GIT_DIR: env.get('GIT_DIR'),
      GIT_TRACE: env.get('GIT_TRACE'),
      GIT_CONFIG_NOSYSTEM: env.get('GIT_CONFIG_NOSYSTEM'),
      GIT_TERMINAL_PROMPT: env.get('GIT_TERMINAL_PROMPT'),
      LC_ALL: env.get('LC_ALL'),
      HOME: env.get('HOME'),
    }).toEqual({
      GIT_DIR: undefined,
      GIT_TRACE: undefined,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      HOME: '/dev/null',
    });
  });

  it('passes configuration through the environment, not the command line', async () => {
    const config = [
      { key: 'http.extraHeader', value: 'Authorization: GL-Geo key:secret' },
      { key: 'http.extraHeader', value: 'X-Other: 1' },
    ];
    expect(
      await runGit(['config', '--get-all', 'http.extraHeader'], { cwd: temp.path, config }),
    ).toBe('Authorization: GL-Geo key:secret\nX-Other: 1\n');
  });

  it('adds the caller’s environment', async () => {
    const env = await environmentOfGit({ cwd: temp.path, env: { GIT_AUTHOR_NAME: 'Someone' } });
    expect(env.get('GIT_AUTHOR_NAME')).toBe('Someone');
  });

  it('writes the input to git’s standard input', async () => {
    const gitDir = join(temp.path, 'a.git');
    await runGit(['init', '--quiet', '--bare', gitDir]);
    const oid = (
      await runGit([`--git-dir=${gitDir}`, 'hash-object', '-w', '--stdin'], { input: 'hello\n' })
    ).trim();
    // git's well-known id of the blob "hello\n".
    expect(oid).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(await runGit([`--git-dir=${gitDir}`, 'cat-file', 'blob', oid])).toBe('hello\n');
  });

  it('does not start git when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(
      runGit(['init', join(temp.path, 'never.git')], { signal: controller.signal }),
    ).rejects.toThrow('stopped');
    await expect(
      runGit([`--git-dir=${join(temp.path, 'never.git')}`, 'rev-parse']),
    ).rejects.toBeInstanceOf(GitCommandError);
  });
});
