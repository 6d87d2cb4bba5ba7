import { resolve } from 'node:path';
import * as v from 'valibot';
import { MAX_DELAY_MS } from '../jobs/job-options.ts';
import {
  DEFAULT_GIT_READ_ACCESS,
  GIT_READ_ACCESS_MODES,
  type GitReadAccess,
} from '../site-git/git-read-access.ts';
import type { RepositoryStorages } from '../sites/repository-storages.ts';

/** How a `site:start` process takes its jobs. */
export type JobsConfig =
  | { readonly kind: 'in-process'; readonly concurrency: number }
  | {
      readonly kind: 'bullmq';
      readonly redisUrl: string;
      /** The first part of every Redis key; one per deployment (or test run) sharing a Redis. */
      readonly prefix: string;
      readonly concurrency: number;
    };

/** Everything `geo-runtime site:start` needs besides the databases (`SiteEnvironment`). */
export interface SiteStartConfig {
  /** This site's name in `geo_nodes`. */
  readonly name: string;
  /** The site's storage root (absolute). */
  readonly storage: string;
  /** Serve the site's HTTP API here, or not at all (`--no-http`). */
  readonly http: { readonly port: number; readonly hostname: string } | undefined;
  readonly jobs: JobsConfig;
  /** Open the main database read-only (a secondary's view of a replica). */
  readonly replica: boolean;
  readonly adminToken: string | undefined;
  /** Who reads the site's git repositories besides secondaries (`--git-read-access`). */
  readonly gitReadAccess: GitReadAccess;
  readonly logCursor: boolean;
  /** Run every recurring job this often; undefined: the production defaults. */
  readonly intervalMs: number | undefined;
  /**
   * TTL of the per-registry lease of a download or a repository sync; undefined: the default of
   * `HttpBlobDownloader` and `GitRepositoryFetcher`.
   */
  readonly downloadLeaseMs: number | undefined;
  /**
   * The repository storages given (`--repository-storage name=path`, paths absolute); undefined:
   * the site's default, `default` under the storage directory.
   */
  readonly repositoryStorages: RepositoryStorages | undefined;
}

/** The flags as commander parses them (strings, so that the environment can fill the gaps). */
export interface SiteStartFlags {
  readonly name?: string;
  readonly storage?: string;
  readonly port?: string;
  readonly host?: string;
  /** False with `--no-http`. */
  readonly http?: boolean;
  readonly redis?: string;
  readonly redisPrefix?: string;
  readonly concurrency?: string;
  readonly replica?: boolean;
  readonly adminToken?: string;
  readonly gitReadAccess?: string;
  /** False with `--no-log-cursor`. */
  readonly logCursor?: boolean;
  readonly intervalMs?: string;
  readonly downloadLeaseMs?: string;
  /** `--repository-storage name=path`, once per storage. */
  readonly repositoryStorage?: readonly string[];
}

/** The environment variable behind each flag that has one. */
export const SITE_START_ENV = {
  name: 'GEO_SITE_NAME',
  storage: 'GEO_STORAGE_DIR',
  port: 'GEO_HTTP_PORT',
  host: 'GEO_HTTP_HOST',
  redis: 'GEO_REDIS_URL',
  redisPrefix: 'GEO_REDIS_PREFIX',
  concurrency: 'GEO_JOB_CONCURRENCY',
  replica: 'GEO_MAIN_DATABASE_READ_ONLY',
  adminToken: 'GEO_ADMIN_TOKEN',
  gitReadAccess: 'GEO_GIT_READ_ACCESS',
  intervalMs: 'GEO_INTERVAL_MS',
  downloadLeaseMs: 'GEO_DOWNLOAD_LEASE_MS',
  /** `name=path,name2=path2` */
  repositoryStorage: 'GEO_REPOSITORY_STORAGES',
} as const satisfies Partial<Record<keyof SiteStartFlags, string>>;

/** A `site:start` setting that cannot work; the message says which and how to fix it. */
export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
}

const DEFAULT_CONCURRENCY = 10;
const DEFAULT_REDIS_PREFIX = 'geo';

type SettingKey = keyof typeof SITE_START_ENV;

/** How error lines name a setting: `--port (GEO_HTTP_PORT)`, the flag and its variable. */
export function settingName(key: SettingKey): string {
  return `--${flagName(key)} (${SITE_START_ENV[key]})`;
}

const got = (issue: { readonly input: unknown }) => `got ${JSON.stringify(issue.input)}`;

/** A setting without a default: its absence is the problem, said the way to fix it. */
function required(key: SettingKey, argument: string, what: string) {
  return v.string(
    () => `Missing ${what}: pass --${flagName(key)} ${argument} or set ${SITE_START_ENV[key]}.`,
  );
}

function wholeNumber(key: SettingKey, min: number, max = Number.MAX_SAFE_INTEGER) {
  return v.pipe(
    v.string(),
    v.check(
      (text) => /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max,
      (issue) => `${settingName(key)} must be a whole number from ${min} to ${max}; ${got(issue)}.`,
    ),
    v.transform(Number),
  );
}

/**
 * The shape of `site:start`'s settings, in the order they are reported: the first problem is
 * the one line printed. Values arrive trimmed, blank ones as undefined (except the admin token).
 * valibot parses a default like a value given, so the defaults are given as text.
 */
const siteStartSchema = v.object({
  name: required('name', '<site>', "the site's name in geo_nodes"),
  storage: v.pipe(
    required('storage', '<dir>', "the site's storage directory"),
    v.transform((path) => resolve(path)),
  ),
  concurrency: v.optional(wholeNumber('concurrency', 1), String(DEFAULT_CONCURRENCY)),
  redis: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^rediss?:\/\/\S+$/,
        (issue) => `${settingName('redis')} must be a redis:// or rediss:// URL; ${got(issue)}.`,
      ),
    ),
  ),
  // Blank is not "no token": an operator who set one meant the site to be guarded.
  adminToken: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (token) => token.trim() !== '',
        `${settingName('adminToken')} is set but blank: give the token administrators sign in with, or leave it unset.`,
      ),
      v.trim(),
    ),
  ),
  redisPrefix: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (prefix) => !prefix.includes(':'),
        (issue) =>
          `${settingName('redisPrefix')} must not contain ':' (it separates Redis key parts); ${got(issue)}.`,
      ),
    ),
    DEFAULT_REDIS_PREFIX,
  ),
  gitReadAccess: v.optional(
    v.picklist(
      GIT_READ_ACCESS_MODES,
      (issue) =>
        `${settingName('gitReadAccess')} must be one of ${GIT_READ_ACCESS_MODES.join(', ')}; ${got(issue)}.`,
    ),
    DEFAULT_GIT_READ_ACCESS,
  ),
  port: v.optional(wholeNumber('port', 0, 65_535), '0'),
  host: v.optional(v.string(), '127.0.0.1'),
  intervalMs: v.optional(wholeNumber('intervalMs', 10, MAX_DELAY_MS)),
  downloadLeaseMs: v.optional(wholeNumber('downloadLeaseMs', 100)),
});

/**
 * Flags first, then the environment (`SITE_START_ENV`), then defaults. Every problem is a
 * `SiteConfigError` naming the flag and its variable.
 */
export function siteStartConfig(flags: SiteStartFlags, env: NodeJS.ProcessEnv): SiteStartConfig {
  const value = (key: SettingKey): string | undefined => {
    const given = flags[key] ?? env[SITE_START_ENV[key]];
    return typeof given === 'string' && given.trim() !== '' ? given.trim() : undefined;
  };
  // Every key is given, undefined when unset: valibot words a key left out itself, not with
  // the setting's message.
  const parsed = v.safeParse(siteStartSchema, {
    name: value('name'),
    storage: value('storage'),
    concurrency: value('concurrency'),
    redis: value('redis'),
    adminToken: flags.adminToken ?? env[SITE_START_ENV.adminToken],
    gitReadAccess: value('gitReadAccess'),
    redisPrefix: value('redisPrefix'),
    port: value('port'),
    host: value('host'),
    intervalMs: value('intervalMs'),
    downloadLeaseMs: value('downloadLeaseMs'),
  });
  if (!parsed.success) {
    throw new SiteConfigError(parsed.issues[0].message);
  }
  const settings = parsed.output;
  const repositoryStorages = repositoryStoragesFrom(flags, env);

  return {
    name: settings.name,
    storage: settings.storage,
    http: flags.http === false ? undefined : { port: settings.port, hostname: settings.host },
    jobs:
      settings.redis === undefined
        ? { kind: 'in-process', concurrency: settings.concurrency }
        : {
            kind: 'bullmq',
            redisUrl: settings.redis,
            prefix: settings.redisPrefix,
            concurrency: settings.concurrency,
          },
    replica: flags.replica === true || truthy(env[SITE_START_ENV.replica]),
    adminToken: settings.adminToken,
    gitReadAccess: settings.gitReadAccess,
    logCursor: flags.logCursor !== false,
    intervalMs: settings.intervalMs,
    downloadLeaseMs: settings.downloadLeaseMs,
    repositoryStorages,
  };
}

/** A repository storage's name: what `repository_storage` holds, e.g. `default` or `gitaly-2`. */
const STORAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * `--repository-storage name=path` (repeated), else `GEO_REPOSITORY_STORAGES=name=path,name2=path2`:
 * each storage once, its path made absolute; undefined when neither is given.
 */
function repositoryStoragesFrom(
  flags: SiteStartFlags,
  env: NodeJS.ProcessEnv,
): RepositoryStorages | undefined {
  const setting = settingName('repositoryStorage');
  const fromEnv = env[SITE_START_ENV.repositoryStorage];
  const entries =
    flags.repositoryStorage !== undefined && flags.repositoryStorage.length > 0
      ? flags.repositoryStorage.map((entry) => entry.trim())
      : (fromEnv ?? '')
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '');
  if (entries.length === 0) return undefined;
  const storages: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    const [name, path] = [entry.slice(0, equals).trim(), entry.slice(equals + 1).trim()];
    if (equals === -1 || !STORAGE_NAME.test(name) || path === '') {
      throw new SiteConfigError(
        `${setting} takes name=path (a storage name of letters, digits, _, . and -, and its directory), e.g. default=/var/geo/repositories; got ${JSON.stringify(entry)}.`,
      );
    }
    if (Object.hasOwn(storages, name)) {
      throw new SiteConfigError(
        `${setting} names the storage ${JSON.stringify(name)} twice: give each storage one directory; got ${JSON.stringify(entries.join(','))}.`,
      );
    }
    storages[name] = resolve(path);
  }
  return storages;
}

function truthy(text: string | undefined): boolean {
  return text !== undefined && !['', '0', 'false', 'no', 'off'].includes(text.toLowerCase());
}

/** `downloadLeaseMs` → `download-lease-ms`. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
