import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitCommandError } from './git.ts';
import { syncRepository } from './mirror.ts';
import { calculateRefsChecksum } from './refs-checksum.ts';
import { InvalidGitHeaderError, RemoteRefusedCredentialsError } from './remote-access.ts';
import { FixtureRepository, showRefs, useTempDir } from './testing/git-fixtures.ts';
import {
  startGitHttpServer,
  type GitHttpServer,
  type Intercept,
} from './testing/git-http-server.ts';
import { descendantProcesses, type ProcessInfo } from './testing/processes.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl';
const AUTHORIZATION = `GL-Geo access-key:${TOKEN}`;

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('syncRepository over HTTP', () => {
  const temp = useTempDir();
  const servers: GitHttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const root = () => join(temp.path, 'primary');
  const target = () => join(temp.path, 'secondary/@hashed/ab/cd/abcd.git');
  const tempRoot = () => join(temp.path, 'secondary/@geo-temporary');
  async function primaryWithCommits(): Promise<FixtureRepository> {
    const primary = await FixtureRepository.create(join(root(), 'group'), 'project');
    await primary.commit('main');
    await primary.commit('feature');
    return primary;
  }
  async function server(intercept?: Intercept): Promise<GitHttpServer> {
    const started = await startGitHttpServer(root(), intercept ? { intercept } : {});
    servers.push(started);
    return started;
  }
  const sync = (server: GitHttpServer, options: { signal?: AbortSignal; path?: string } = {}) =>
    syncRepository({
      url: `${server.url}/${options.path ?? 'group/project.git'}`,
      headers: { Authorization: AUTHORIZATION },
      target: target(),
      tempRoot: tempRoot(),
      ...(options.signal ? { signal: options.signal } : {}),
    });

  it('clones and fetches over smart HTTP, sending the Authorization header with every request', async () => {
    const primary = await primaryWithCommits();
    const http = await server();

    expect(await sync(http)).toMatchObject({
      kind: 'cloned',
      refsChecksum: await calculateRefsChecksum(primary.gitDir),
    });
    await primary.commit('main');
    expect(await sync(http)).toMatchObject({
      kind: 'fetched',
      refsChecksum: await calculateRefsChecksum(primary.gitDir),
    });

    expect(await showRefs(target())).toBe(await showRefs(primary.gitDir));
    expect(http.requests.map((request) => request.method)).toContain('POST');
    expect(new Set(http.requests.map((request) => request.authorization))).toEqual(
      new Set([AUTHORIZATION]),
    );
    // Nothing of the credentials stays in the secondary's repository.
    const config = await readFile(join(target(), 'config'), 'utf8');
    expect(config).not.toContain(TOKEN);
    expect(config.toLowerCase()).not.toContain('extraheader');
  });

  it('never shows the token on the command line of git or the helpers it starts', async () => {
    const primary = await primaryWithCommits();
    // While each request waits here, the git processes that sent it are running.
    const seen: ProcessInfo[][] = [];
    const http = await server(async () => {
      seen.push(await descendantProcesses());
      return 'serve';
    });

    await sync(http);
    await primary.commit('main');
    await sync(http);

    expect(seen).toHaveLength(http.requests.length);
    for (const processes of seen) {
      const gitProcesses = processes.filter((info) =>
        info.argv.some((arg) => arg.includes(http.url)),
      );
      expect(gitProcesses.map((info) => info.argv.join(' '))).toContainEqual(
        expect.stringMatching(/remote-http/),
      );
      for (const info of processes) expect(info.argv.join(' ')).not.toContain(TOKEN);
    }
  });

  it('tells a repository missing on the primary (its documented 404) and changes nothing', async () => {
    await primaryWithCommits();
    const http = await server();

    expect(await sync(http, { path: 'group/missing.git' })).toEqual({
      kind: 'missing-on-primary',
      message:
        'remote: repository not found: group/missing\n' +
        `fatal: repository '${http.url}/group/missing.git/' not found`,
    });
    expect(existsSync(target())).toBe(false);
    expect(await readdir(tempRoot())).toEqual([]);
  });

  it('fails on a 404 that is not the primary’s: a wrong URL must not look like a synced repository', async () => {
    await primaryWithCommits();
    const http = await server(async (_request, response) => {
      response.statusCode = 404;
      response.setHeader('Content-Type', 'text/html');
      response.end('<h1>Not Found</h1>');
      return 'answered';
    });

    const failure = sync(http);

    await expect(failure).rejects.toBeInstanceOf(GitCommandError);
    await expect(failure).rejects.toMatchObject({
      stderr: `fatal: repository '${http.url}/group/project.git/' not found`,
    });
    expect(existsSync(target())).toBe(false);
  });

  it('tells a repository removed from the primary after it was synced, keeping the copy', async () => {
    const primary = await primaryWithCommits();
    const http = await server();
    await sync(http);
    const before = await showRefs(target());
    await rm(primary.gitDir, { recursive: true });

    expect(await sync(http)).toMatchObject({ kind: 'missing-on-primary' });
    expect(await showRefs(target())).toBe(before);
  });

  /** A primary that answers every request with `status`. */
  const answering = (status: number) =>
    server(async (_request: IncomingMessage, response: ServerResponse) => {
      response.statusCode = status;
      response.end();
      return 'answered';
    });

  it('fails with git’s message when the primary fails', async () => {
    const http = await answering(500);

    const failure = sync(http);

    await expect(failure).rejects.toBeInstanceOf(GitCommandError);
    await expect(failure).rejects.toMatchObject({
      exitCode: 128,
      stderr: expect.stringContaining('The requested URL returned error: 500'),
    });
    expect(existsSync(target())).toBe(false);
    expect(await readdir(tempRoot())).toEqual([]);
  });

  it('says the primary refused the credentials when it answers 401', async () => {
    const http = await answering(401);

    const failure = sync(http);

    await expect(failure).rejects.toBeInstanceOf(RemoteRefusedCredentialsError);
    await expect(failure).rejects.toThrow(
      `The Geo primary refused this site's credentials (HTTP 401) for ${http.url}/group/project.git.`,
    );
    expect(existsSync(target())).toBe(false);
    expect(await readdir(tempRoot())).toEqual([]);
  });

  it('keeps a clone in progress away from the target until it is complete', async () => {
    const primary = await primaryWithCommits();
    const cloneInProgress = deferred();
    const release = deferred();
    const http = await server(async (request) => {
      if (
        request.method === 'POST' &&
        http.requests.filter((r) => r.method === 'POST').length === 1
      ) {
        cloneInProgress.resolve();
        await release.promise;
      }
      return 'serve';
    });

    const result = sync(http);
    await cloneInProgress.promise;
    const whileCloning = { target: existsSync(target()), temporary: await readdir(tempRoot()) };
    release.resolve();

    expect(await result).toMatchObject({ kind: 'cloned' });
    expect(whileCloning).toEqual({
      target: false,
      temporary: [expect.stringMatching(/^abcd\.git-/)],
    });
    expect(await showRefs(target())).toBe(await showRefs(primary.gitDir));
  });

  it('stops git and removes the partial clone when aborted', async () => {
    await primaryWithCommits();
    const requestArrived = deferred();
    const release = deferred();
    const http = await server(async (_request, response) => {
      requestArrived.resolve();
      await release.promise;
      response.end(); // to a client that is gone
      return 'answered';
    });
    const controller = new AbortController();

    const result = sync(http, { signal: controller.signal });
    await requestArrived.promise;
    controller.abort(new Error('Lease lost'));

    await expect(result).rejects.toThrow('Lease lost');
    release.resolve();
    const remaining = (await descendantProcesses()).filter((info) =>
      info.argv.some((arg) => arg.includes(http.url)),
    );
    expect(remaining).toEqual([]);
    expect(existsSync(target())).toBe(false);
    expect(await readdir(tempRoot())).toEqual([]);
  });

  it('refuses a header that would break the request', async () => {
    const http = await server();
    await expect(
      syncRepository({
        url: `${http.url}/group/project.git`,
        headers: { Authorization: 'GL-Geo a:b\r\nX-Injected: 1' },
        target: target(),
        tempRoot: tempRoot(),
      }),
    ).rejects.toEqual(new InvalidGitHeaderError('Authorization'));
    expect(http.requests).toEqual([]);
  });
});
