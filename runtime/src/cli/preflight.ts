import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { DatabaseConfig } from '../db/database-config.ts';
import { DATA_DIR_LOCK_FILE } from '../db/data-dir-lock.ts';
import type { SiteEnvironment } from './site-config.ts';
import { SiteConfigError, settingName, type SiteStartConfig } from './site-start-options.ts';

/**
 * Checks of the settings against the machine (files, directories, ports), made before a command
 * opens, creates or starts anything, so that a mistake costs one line and leaves nothing behind.
 * The shape of the settings is checked before, by `siteStartConfig` and `siteEnvironment`.
 */

/** Whether the storage directory exists; refused when it is a file or lies under one. */
export async function checkStorage(storage: string): Promise<'present' | 'absent'> {
  const setting = settingName('storage');
  const found = await statOf(storage);
  if (found) {
    if (found.isDirectory()) return 'present';
    throw new SiteConfigError(
      `${setting} is ${kindOf(found)}, not a directory: give the site's storage directory; got ${JSON.stringify(storage)}.`,
    );
  }
  await checkAncestors(storage, setting);
  return 'absent';
}

/**
 * A primary serves and checksums the files in its storage: a missing directory is a typo or an
 * unmounted volume, and starting would make every file look lost. (A secondary may start without
 * one: a new secondary has nothing yet, and its downloads create the directories they need.)
 */
export async function requirePrimaryStorage(site: string, storage: string): Promise<void> {
  if ((await checkStorage(storage)) === 'present') return;
  throw new SiteConfigError(
    `${settingName('storage')} does not exist, and site ${site} is the primary, which serves its files from there: fix the path or mount the volume; got ${JSON.stringify(storage)}.`,
  );
}

/**
 * Each repository storage given must be a directory or a path one can be created at (a
 * secondary's syncs create it); refused when it is a file or lies under one.
 */
export async function checkRepositoryStorages(config: SiteStartConfig): Promise<void> {
  for (const [name, path] of Object.entries(config.repositoryStorages ?? {})) {
    const setting = `${settingName('repositoryStorage')} ${name}`;
    const found = await statOf(path);
    if (!found) await checkAncestors(path, setting);
    else if (!found.isDirectory()) {
      throw new SiteConfigError(
        `${setting} is ${kindOf(found)}, not a directory: give the directory of the storage's repositories; got ${JSON.stringify(path)}.`,
      );
    }
  }
}

/**
 * A primary serves its repositories from the storages it was given: a missing one is a typo or
 * an unmounted volume, and serving it would tell secondaries that every repository on it is gone.
 * (The default storage under `--storage` may be missing: a primary without repositories yet.)
 */
export async function requirePrimaryRepositoryStorages(config: SiteStartConfig): Promise<void> {
  for (const [name, path] of Object.entries(config.repositoryStorages ?? {})) {
    if (await statOf(path)) continue;
    throw new SiteConfigError(
      `${settingName('repositoryStorage')} ${name} does not exist, and site ${config.name} is the primary, which serves its repositories from there: fix the path or mount the volume; got ${JSON.stringify(path)}.`,
    );
  }
}

/**
 * A PGlite data directory must be a directory holding a database (`open`), or may be created
 * (`create`, by `db:migrate`) where nothing else is. PostgreSQL URLs were checked when parsed.
 * `migrate` is the command that creates the database, for the message.
 */
export async function checkDatabasePath(
  config: DatabaseConfig,
  setting: string,
  use: 'open' | 'create',
  migrate: string,
): Promise<void> {
  if (config.kind !== 'pglite' || config.dataDir === undefined) return;
  const dataDir = config.dataDir;
  const given = JSON.stringify(dataDir);
  const found = await statOf(dataDir);
  if (found && !found.isDirectory()) {
    throw new SiteConfigError(
      `${setting} is ${kindOf(found)}: give a directory for PGlite, or a postgres:// URL; got ${given}.`,
    );
  }
  if (!found) {
    if (use === 'open') {
      throw new SiteConfigError(
        `${setting} names a PGlite directory that does not exist: run ${migrate} to create the database, or fix the path; got ${given}.`,
      );
    }
    await checkAncestors(dataDir, setting);
    return;
  }
  if (await statOf(join(dataDir, 'PG_VERSION'))) return;
  const others = (await readdir(dataDir)).filter((entry) => !entry.startsWith(DATA_DIR_LOCK_FILE));
  if (use === 'open') {
    throw new SiteConfigError(
      `${setting} is a directory without a PGlite database (no PG_VERSION): run ${migrate} to create one, or fix the path; got ${given}.`,
    );
  }
  // PGlite would write its files among someone else's.
  if (others.length > 0) {
    throw new SiteConfigError(
      `${setting} is a directory holding other files, not a PGlite database: give an empty or new directory; got ${given}.`,
    );
  }
}

/**
 * Binds the HTTP address once, before anything starts, so that a port in use or a wrong host is
 * one line rather than a site that starts its jobs and then fails. (A port taken between this
 * probe and the real listen gets the same line from `listenProblem`.)
 */
export async function checkListen(config: SiteStartConfig): Promise<void> {
  const http = config.http;
  if (!http) return;
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(http.port, http.hostname, () => resolve());
    });
  } catch (error) {
    throw listenProblem(error, http) ?? error;
  } finally {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
}

/** The line for an error of `listen`, naming the setting at fault; undefined for others. */
export function listenProblem(
  error: unknown,
  http: { readonly port: number; readonly hostname: string },
): SiteConfigError | undefined {
  const host = JSON.stringify(http.hostname);
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return new SiteConfigError(
        `${settingName('port')} ${http.port} is in use on ${http.hostname}: pick another port, or 0 for any free one.`,
      );
    case 'EACCES':
      return new SiteConfigError(
        `${settingName('port')} ${http.port} needs privileges this process does not have: pick a port above 1023, or 0 for any free one.`,
      );
    case 'EADDRNOTAVAIL':
      return new SiteConfigError(
        `${settingName('host')} is not an address of this machine: give one of its addresses, 0.0.0.0 for all, or 127.0.0.1; got ${host}.`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SiteConfigError(
        `${settingName('host')} is not a known host name or address: give an address of this machine, 0.0.0.0 for all, or 127.0.0.1; got ${host}.`,
      );
    default:
      return undefined;
  }
}

/** The nearest existing ancestor of `path` must be a directory, or nothing can be created in it. */
async function checkAncestors(path: string, setting: string): Promise<void> {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const found = await statOf(dir);
    if (found?.isDirectory()) return;
    if (found) {
      throw new SiteConfigError(
        `${setting} lies under ${dir}, which is ${kindOf(found)}, not a directory: fix the path; got ${JSON.stringify(path)}.`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    // ENOTDIR: a file on the way, which `checkAncestors` names.
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

function kindOf(found: Stats): string {
  if (found.isFile()) return 'a regular file';
  if (found.isDirectory()) return 'a directory';
  return 'neither a file nor a directory';
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** What `site:start` can check before it opens its main database (then: `site-process.ts`). */
export async function preflightSiteStart(
  config: SiteStartConfig,
  environment: SiteEnvironment,
): Promise<void> {
  await checkStorage(config.storage);
  await checkRepositoryStorages(config);
  await checkDatabasePath(environment.main, environment.settings.main, 'open', MIGRATE.main);
  await checkListen(config);
}

/** The command that creates each database. */
export const MIGRATE = {
  main: 'geo-runtime db:migrate',
  tracking: 'geo-runtime db:migrate --tracking',
} as const;
