import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readdir, readFile, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '../transfer/serve.ts';
import { HttpBackendError, RepositoryOutsideRootError } from './errors.ts';
import type { GitAccess } from './git-access.ts';
import { createGitSandbox, git, runGit, type GitSandbox } from './git-harness.ts';
import { gitReportsRepositoryNotFound } from './git-responses.ts';
import { gitRoutes, type GitBackendExit, type GitRoutesOptions } from './git-routes.ts';

/** A v0 upload-pack request for one commit, without capabilities: the answer is NAK and a pack. */
function wantRequest(oid: string): Buffer {
  return Buffer.from(`0032want ${oid}\n00000009done\n`);
}

/** The processes whose working directory is `dir` (git's run inside the repository). */
async function processesIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^[0-9]+$/.test(name))) {
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
    if (cwd === dir) found.push(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => pid));
  }
  return found;
}

describe('git routes', () => {
  let sandbox: GitSandbox;
  let servers: RunningServer[];
  let errors: Error[];
  let exits: GitBackendExit[];
  let located: string[];
  let access: GitAccess;

  beforeEach(async () => {
    sandbox = await createGitSandbox();
    servers = [];
    errors = [];
    exits = [];
    located = [];
    access = { kind: 'granted' };
  });
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await sandbox.remove();
  });

  async function start(options: Partial<GitRoutesOptions> = {}): Promise<RunningServer> {
    const server = await serve(
      gitRoutes({
        locate: (fullPath) => {
          located.push(fullPath);
          return { root: sandbox.root, diskPath: fullPath };
        },
        authorize: async () => access,
        onError: (error) => errors.push(error),
        onBackendExit: (exit) => exits.push(exit),
        ...options,
      }),
    );
    servers.push(server);
    return server;
  }

  const home = () => sandbox.home;

  it('serves git clone, fetch and ls-remote with the refs of the repository', async () => {
    const gitDir = await sandbox.createRepository('group/app', { commits: 3 });
    const server = await start();
    const mirror = join(sandbox.dir, 'mirror.git');
    await git(['clone', '--quiet', '--mirror', `${server.url}/group/app.git`, mirror], {
      home: home(),
    });
    expect(await sandbox.refs(mirror)).toBe(await sandbox.refs(gitDir));

    // Protocol v0 as well as v2 (git's default): both go through http-backend.
    const listed = await git(
      ['-c', 'protocol.version=0', 'ls-remote', `${server.url}/group/app.git`],
      { home: home() },
    );
    expect(listed).toContain('refs/heads/main');
    expect(listed).toContain('refs/tags/v1');

    const work = join(sandbox.dir, 'pusher');
    await git(['clone', '--quiet', gitDir, work], { home: home() });
    await git(['commit', '--quiet', '--allow-empty', '-m', 'more'], { cwd: work, home: home() });
    await git(['push', '--quiet', 'origin', 'main'], { cwd: work, home: home() });
    await git(['fetch', '--quiet', '--prune', 'origin'], { cwd: mirror, home: home() });
    expect(await sandbox.refs(mirror)).toBe(await sandbox.refs(gitDir));
    expect(errors).toEqual([]);
    expect(exits.every((exit) => exit.code === 0 && exit.fullPath === 'group/app')).toBe(true);
  });

  it('answers a repository that does not exist with the documented 404, which git shows', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/group/nope.git/info/refs?service=git-upload-pack`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-geo-code')).toBe('REPOSITORY_NOT_FOUND');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('repository not found: group/nope\n');

    const listed = await runGit(['ls-remote', `${server.url}/group/nope.git`], { home: home() });
    expect(listed.code).not.toBe(0);
    expect(gitReportsRepositoryNotFound(listed.stderr)).toBe(true);
    expect(listed.stderr).toContain('remote: repository not found: group/nope');
    // locate knows nothing of the path: the same answer.
    const unknown = await start({ locate: () => undefined });
    const other = await fetch(`${unknown.url}/group/app.git/info/refs?service=git-upload-pack`);
    expect([other.status, other.headers.get('x-geo-code')]).toEqual([404, 'REPOSITORY_NOT_FOUND']);
    expect(exits).toEqual([]);
  });

  it('tells a missing repository from other failures', async () => {
    await sandbox.createRepository('group/app', { commits: 1 });
    const server = await start();
    const refused = await runGit(['ls-remote', `${server.url}/group/app.git/HEAD`], {
      home: home(),
    });
    expect(refused.code).not.toBe(0);
    expect(gitReportsRepositoryNotFound(refused.stderr)).toBe(false);
  });

  it('refuses git push with a clear 403, before authorizing or looking for the repository', async () => {
    const gitDir = await sandbox.createRepository('group/app', { commits: 1 });
    const before = await sandbox.refs(gitDir);
    access = { kind: 'denied', status: 401, message: 'not you' };
    const server = await start();
    const work = join(sandbox.dir, 'work');
    await git(['clone', '--quiet', gitDir, work], { home: home() });
    await git(['commit', '--quiet', '--allow-empty', '-m', 'pushed'], { cwd: work, home: home() });
    const pushed = await runGit(['push', `${server.url}/group/app.git`, 'main'], {
      cwd: work,
      home: home(),
    });
    expect(pushed.code).not.toBe(0);
    expect(pushed.stderr).toContain('remote: git push is not accepted here');
    expect(pushed.stderr).toContain('403');
    expect(await sandbox.refs(gitDir)).toBe(before);

    const rpc = await fetch(`${server.url}/group/app.git/git-receive-pack`, {
      method: 'POST',
      body: '0000',
    });
    expect(rpc.status).toBe(403);
    expect(located).toEqual([]);
    expect(exits).toEqual([]);
  });

  it('redirects git push where the push policy says with a 302, and git follows it', async () => {
    await sandbox.createRepository('group/app', { commits: 1 });
    const seenByPrimary: string[] = [];
    const primary = new Hono();
    primary.all('*', (c) => {
      seenByPrimary.push(
        `${c.req.method} ${new URL(c.req.url).pathname}${new URL(c.req.url).search}`,
      );
      return c.text('primary says no', 403);
    });
    const primaryServer = await serve(primary);
    servers.push(primaryServer);
    const secondary = await start({
      push: (path) => ({ kind: 'redirect', location: `${primaryServer.url}${path}` }),
    });

    const response = await fetch(
      `${secondary.url}/group/app.git/info/refs?service=git-receive-pack`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      `${primaryServer.url}/group/app.git/info/refs?service=git-receive-pack`,
    );

    const work = join(sandbox.dir, 'work');
    await git(['clone', '--quiet', `${secondary.url}/group/app.git`, work], { home: home() });
    await git(['commit', '--quiet', '--allow-empty', '-m', 'pushed'], { cwd: work, home: home() });
    const pushed = await runGit(['push', 'origin', 'main'], { cwd: work, home: home() });
    expect(pushed.code).not.toBe(0);
    expect(pushed.stderr).toContain('remote: primary says no');
    expect(seenByPrimary).toEqual(['GET /group/app.git/info/refs?service=git-receive-pack']);
  });

  it('answers with the authorize hook’s refusal, which git shows, and never looks further', async () => {
    await sandbox.createRepository('group/app', { commits: 1 });
    access = { kind: 'denied', status: 503, message: 'group/app is not synced to this site yet' };
    const server = await start();
    const cloned = await runGit(
      ['clone', `${server.url}/group/app.git`, join(sandbox.dir, 'clone')],
      { home: home() },
    );
    expect(cloned.code).not.toBe(0);
    expect(cloned.stderr).toContain('remote: group/app is not synced to this site yet');
    expect(await readdir(sandbox.dir)).not.toContain('clone');
    expect([located, exits]).toEqual([[], []]);
  });

  it('never serves a path with .. (raw, or normalised away by the URL) or one outside the root', async () => {
    const elsewhere = await createGitSandbox();
    try {
      await elsewhere.createRepository('secret', { commits: 1 });
      await symlink(join(elsewhere.root, 'secret.git'), join(sandbox.root, 'evil.git'));
      const server = await start();
      const url = new URL(server.url);
      for (const path of [
        '/group/..%2F..%2Fsecret.git/info/refs?service=git-upload-pack',
        '/%2E%2E/secret.git/info/refs?service=git-upload-pack',
        `/..${elsewhere.root}/secret.git/info/refs?service=git-upload-pack`,
        '/../../secret.git/info/refs?service=git-upload-pack',
      ]) {
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpRequest(
            { host: url.hostname, port: url.port, path, method: 'GET' },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => (body += chunk));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          req.on('error', reject);
          req.end();
        });
        expect([400, 404], path).toContain(answer.status);
        expect(answer.body, path).not.toContain('# service=');
      }
      const escaping = await fetch(`${server.url}/evil.git/info/refs?service=git-upload-pack`);
      expect(escaping.status).toBe(403);
      expect(await escaping.text()).toContain('outside its storage root');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(RepositoryOutsideRootError);
      expect(await readlink(join(sandbox.root, 'evil.git'))).toBe(
        join(elsewhere.root, 'secret.git'),
      );
      expect(exits).toEqual([]);
    } finally {
      await elsewhere.remove();
    }
  });

  it('inflates a gzip request body, as git sends large negotiations', async () => {
    const gitDir = await sandbox.createRepository('group/app', { commits: 1 });
    const head = (await git(['rev-parse', 'main'], { cwd: gitDir, home: home() })).trim();
    const server = await start();
    const post = (body: Uint8Array, encoding?: string) =>
      fetch(`${server.url}/group/app.git/git-upload-pack`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-git-upload-pack-request',
          ...(encoding && { 'Content-Encoding': encoding }),
        },
        body,
      });
    const response = await post(gzipSync(wantRequest(head)), 'gzip');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-git-upload-pack-result');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 12).toString('latin1')).toBe('0008NAK\nPACK');

    const refused = await post(wantRequest(head), 'br');
    expect(refused.status).toBe(415);
  });

  it('answers HEAD, other methods and other paths without starting git', async () => {
    await sandbox.createRepository('group/app', { commits: 1 });
    const server = await start();
    const base = `${server.url}/group/app.git`;
    const statuses = await Promise.all([
      fetch(`${base}/info/refs?service=git-upload-pack`, { method: 'HEAD' }),
      fetch(`${base}/info/refs?service=git-upload-pack`, { method: 'POST' }),
      fetch(`${base}/info/refs`),
      fetch(`${base}/info/refs?service=git-upload-archive`),
      fetch(`${base}/objects/info/packs`),
      fetch(`${base}/git-upload-pack`, { method: 'PUT' }),
    ]).then((responses) => responses.map((response) => response.status));
    expect(statuses).toEqual([405, 405, 400, 400, 404, 404]);
    expect(exits).toEqual([]);
  });

  it('answers 500 and tells what to check when git cannot run', async () => {
    await sandbox.createRepository('group/app', { commits: 1 });
    const server = await start({ gitBinary: join(sandbox.dir, 'no-such-git') });
    const response = await fetch(`${server.url}/group/app.git/info/refs?service=git-upload-pack`);
    expect([response.status, await response.text()]).toEqual([500, '500 Internal Server Error\n']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HttpBackendError);
    expect(errors[0]?.message).toContain('Check that git is installed');
    expect(errors[0]?.message).toContain('ENOENT');
  });

  it('stops git http-backend when the client goes away mid-pack', async () => {
    // Incompressible, and more than every buffer between git and the client can hold.
    const gitDir = await sandbox.createRepository('group/app', {
      commits: 1,
      files: { 'big.bin': randomBytes(48 * 1024 * 1024) },
    });
    const head = (await git(['rev-parse', 'main'], { cwd: gitDir, home: home() })).trim();
    let exited!: (exit: GitBackendExit) => void;
    const exit = new Promise<GitBackendExit>((resolve) => (exited = resolve));
    const server = await start({ onBackendExit: (backend) => exited(backend) });
    const client = new AbortController();
    const response = await fetch(`${server.url}/group/app.git/git-upload-pack`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-git-upload-pack-request' },
      body: wantRequest(head),
      signal: client.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    client.abort();
    await reader?.cancel().catch(() => {});

    const ended = await exit;
    expect(ended.signal).toBe('SIGTERM');
    expect(ended.pid).toBeDefined();
    // Gone, and reaped: signalling it fails. Its upload-pack and pack-objects are gone too.
    expect(() => process.kill(ended.pid ?? 0, 0)).toThrow();
    expect(await processesIn(gitDir)).toEqual([]);
  });
});
