import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cloneTempPrefix } from './clone-leftovers.ts';
import { GitCommandError, runGit, type GitConfigEntry } from './git.ts';
import { calculateRefsChecksum } from './refs-checksum.ts';
import { explainRefusal, isMissingOnRemote, remoteConfig } from './remote-access.ts';

/** What to mirror from where. */
export interface SyncRepositoryOptions {
  /** The primary's URL of the repository, `<primary internal URL>/<full_path>.git`. */
  readonly url: string;
  /** Sent with each request to the primary (e.g. `Authorization: GL-Geo …`); never on a command line. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The secondary's bare repository, `<root of the shard>/<disk_path>.git`. */
  readonly target: string;
  /**
   * Where a new repository is cloned before it moves to `target`: a directory on the same file
   * system (e.g. `<root of the shard>/@geo-temporary`), created if needed.
   */
  readonly tempRoot: string;
  /** Aborting stops git and removes a clone in progress. */
  readonly signal?: AbortSignal;
}

/** `git gc --auto` after a sync: its failure leaves a sound repository, so it does not fail the sync. */
export type Housekeeping =
  { readonly kind: 'done' } | { readonly kind: 'failed'; readonly message: string };

/** The secondary's repository now has the primary's refs. */
interface Mirrored {
  /** `calculateRefsChecksum` of the repository after the sync. */
  readonly refsChecksum: string;
  /** The ref HEAD now names, as on the primary; undefined when the primary names none (no refs yet). */
  readonly head: string | undefined;
  readonly housekeeping: Housekeeping;
}

/** What a sync did. */
export type SyncRepositoryResult =
  | ({ readonly kind: 'cloned' } & Mirrored)
  | ({ readonly kind: 'fetched' } & Mirrored)
  /** The primary answered 404: it has no such repository. Nothing changed on this site. */
  | { readonly kind: 'missing-on-primary'; readonly message: string };

/** `rename` cannot move a directory between file systems. */
export class TempRootOnOtherFileSystemError extends Error {
  override readonly name = 'TempRootOnOtherFileSystemError';
  constructor(
    readonly tempRoot: string,
    readonly target: string,
    options?: ErrorOptions,
  ) {
    super(
      `Cannot move a new clone from ${tempRoot} to ${target}: they are on different file systems. ` +
        'Put the temporary directory inside the repository storage root.',
      options,
    );
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

/** Points the mirror's HEAD where the primary's points; returns that ref (undefined: left as it was). */
async function followRemoteHead(
  gitDir: string,
  url: string,
  config: readonly GitConfigEntry[],
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  // `ref: refs/heads/main\tHEAD`; nothing for a repository without refs.
  const listing = await runGit(['ls-remote', '--symref', '--', url, 'HEAD'], { config, signal });
  const head = /^ref: (\S+)\tHEAD$/m.exec(listing)?.[1];
  if (head !== undefined)
    await runGit([`--git-dir=${gitDir}`, 'symbolic-ref', 'HEAD', head], { signal });
  return head;
}

/**
 * A new repository: cloned into a fresh directory under `tempRoot`, then renamed to `target` in
 * one step, so that `target` never holds a partial clone; anything that fails removes the clone.
 */
async function cloneIntoPlace(
  options: SyncRepositoryOptions,
  config: readonly GitConfigEntry[],
): Promise<string | undefined> {
  const { url, target, tempRoot, signal } = options;
  await mkdir(tempRoot, { recursive: true });
  const clone = await mkdtemp(join(tempRoot, cloneTempPrefix(target)));
  try {
    await runGit(['clone', '--mirror', '--quiet', '--', url, clone], { config, signal });
    const head = await followRemoteHead(clone, url, config, signal);
    await mkdir(dirname(target), { recursive: true });
    await rename(clone, target).catch((error: unknown) => {
      if (isErrnoException(error) && error.code === 'EXDEV')
        throw new TempRootOnOtherFileSystemError(tempRoot, target, { cause: error });
      throw error;
    });
    return head;
  } catch (error) {
    // Retries: a git helper killed by an abort may still be removing its own temporary files.
    await rm(clone, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }
}

/**
 * An existing repository: a forced, pruning fetch of every ref, so that it ends with exactly the
 * primary's refs (rewritten branches included). The URL is given to this fetch only: the
 * repository's configuration keeps no credentials and follows a primary whose URL changes.
 */
async function fetchIntoPlace(
  options: SyncRepositoryOptions,
  config: readonly GitConfigEntry[],
): Promise<string | undefined> {
  const { url, target, signal } = options;
  await runGit(
    [
      `--git-dir=${target}`,
      'fetch',
      '--quiet',
      '--prune',
      '--force',
      '--no-write-fetch-head',
      // Housekeeping is ours, in the foreground (see `housekeep`).
      '--no-auto-maintenance',
      '--',
      url,
      '+refs/*:refs/*',
    ],
    { config, signal },
  );
  return followRemoteHead(target, url, config, signal);
}

/** `git gc --auto`: packs and prunes only when the repository needs it, and waits until done. */
async function housekeep(gitDir: string, signal: AbortSignal | undefined): Promise<Housekeeping> {
  try {
    await runGit([`--git-dir=${gitDir}`, 'gc', '--auto', '--quiet'], {
      config: [{ key: 'gc.autoDetach', value: 'false' }],
      signal,
    });
    return { kind: 'done' };
  } catch (error) {
    if (error instanceof GitCommandError) return { kind: 'failed', message: error.message };
    throw error;
  }
}

/**
 * Makes `target` a mirror of the primary's repository at `url`: a new clone when there is none,
 * else a forced, pruning fetch; then HEAD as on the primary, `git gc --auto`, and the refs
 * checksum to verify against the primary's. Git failures reject with a `GitCommandError` carrying
 * git's message (a `RemoteRefusedCredentialsError` when the primary answers 401); a repository the
 * primary does not have (its git route's documented 404, see `isMissingOnRemote`) resolves as
 * `missing-on-primary`.
 *
 * @example
 * const result = await syncRepository({
 *   url: 'http://primary.internal/group/project.git',
 *   headers: { Authorization: `GL-Geo ${accessKey}:${jwt}` },
 *   target: '/srv/geo/repositories/@hashed/ab/cd/abcd.git',
 *   tempRoot: '/srv/geo/repositories/@geo-temporary',
 * });
 * if (result.kind === 'missing-on-primary') registry.missingOnPrimary = true;
 */
export async function syncRepository(
  options: SyncRepositoryOptions,
): Promise<SyncRepositoryResult> {
  const config = remoteConfig(options.headers ?? {});
  const kind = (await isDirectory(options.target)) ? 'fetched' : 'cloned';
  let head: string | undefined;
  try {
    head =
      kind === 'cloned'
        ? await cloneIntoPlace(options, config)
        : await fetchIntoPlace(options, config);
  } catch (error) {
    if (isMissingOnRemote(error)) return { kind: 'missing-on-primary', message: error.stderr };
    throw explainRefusal(error, options.url);
  }
  const housekeeping = await housekeep(options.target, options.signal);
  const refsChecksum = await calculateRefsChecksum(options.target, { signal: options.signal });
  return { kind, refsChecksum, head, housekeeping };
}
