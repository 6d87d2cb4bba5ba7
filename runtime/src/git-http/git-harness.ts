// Test support: real git repositories in temporary directories, and git run as a user runs it.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs git asynchronously (a synchronous run would block the server in this same process), in
 * an environment of its own: no system or user configuration, no prompts, no credential helper,
 * and `headers` sent through `http.extraHeader` in GIT_CONFIG_* (never on the command line).
 */
export function runGit(
  args: readonly string[],
  options: { readonly cwd?: string; readonly home: string; readonly headers?: readonly string[] },
): Promise<GitResult> {
  const headers = options.headers ?? [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: options.home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Geo Test',
    GIT_AUTHOR_EMAIL: 'geo@example.com',
    GIT_COMMITTER_NAME: 'Geo Test',
    GIT_COMMITTER_EMAIL: 'geo@example.com',
    GIT_CONFIG_COUNT: String(headers.length),
    ...Object.fromEntries(
      headers.flatMap((header, i) => [
        [`GIT_CONFIG_KEY_${i}`, 'http.extraHeader'],
        [`GIT_CONFIG_VALUE_${i}`, header],
      ]),
    ),
  };
  return new Promise((resolve) => {
    execFile(
      'git',
      [...args],
      { cwd: options.cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs git and fails with its standard error unless it succeeds. */
export async function git(
  args: readonly string[],
  options: Parameters<typeof runGit>[1],
): Promise<string> {
  const result = await runGit(args, options);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A temporary directory with a storage root (`root`) and a HOME for git (`home`). */
export interface GitSandbox {
  readonly dir: string;
  readonly root: string;
  readonly home: string;
  /**
   * A bare repository at `<root>/<diskPath>.git` with `commits` commits on `main` (HEAD) and a
   * tag, made by a real push. `files` adds files to the last commit. Returns its path.
   */
  createRepository(
    diskPath: string,
    options?: { readonly commits?: number; readonly files?: Record<string, Uint8Array> },
  ): Promise<string>;
  /** `git show-ref --head` of a repository: every ref and its object id. */
  refs(gitDir: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createGitSandbox(): Promise<GitSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'geo-git-http-'));
  const root = join(dir, 'root');
  const home = join(dir, 'home');
  await Promise.all([mkdir(root), mkdir(home)]);
  let count = 0;
  return {
    dir,
    root,
    home,
    async createRepository(diskPath, options = {}) {
      const gitDir = join(root, `${diskPath}.git`);
      const work = join(dir, `work-${++count}`);
      await mkdir(dirname(gitDir), { recursive: true });
      await git(['init', '--quiet', '--bare', '--initial-branch=main', gitDir], { home });
      await git(['init', '--quiet', '--initial-branch=main', work], { home });
      const commits = options.commits ?? 2;
      for (let i = 1; i <= commits; i++) {
        await writeFile(join(work, 'README.md'), `${diskPath} commit ${i}\n`);
        if (i === commits) {
          for (const [name, content] of Object.entries(options.files ?? {})) {
            await writeFile(join(work, name), content);
          }
        }
        await git(['add', '--all'], { cwd: work, home });
        await git(['commit', '--quiet', '-m', `commit ${i}`], { cwd: work, home });
      }
      await git(['tag', 'v1'], { cwd: work, home });
      await git(['push', '--quiet', gitDir, 'main', 'v1'], { cwd: work, home });
      return gitDir;
    },
    refs: (gitDir) => git(['show-ref', '--head'], { cwd: gitDir, home }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
