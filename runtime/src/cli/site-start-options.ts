import { resolve } from 'node:path';
import { z } from 'zod';
import { MAX_DELAY_MS } from '../jobs/job-options.ts';
import {
  DEFAULT_GIT_READ_ACCESS,
  GIT_READ_ACCESS_MODES,
  type GitReadAccess,
} from '../site-git/git-read-access.ts';

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
  /** TTL of the per-registry download lease; undefined: `HttpBlobDownloader`'s default. */
  readonly downloadLeaseMs: number | undefined;
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
  return z.string({
    error: () =>
      `Missing ${what}: pass --${flagName(key)} ${argument} or set ${SITE_START_ENV[key]}.`,
  });
}

function wholeNumber(key: SettingKey, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .refine((text) => /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max, {
      error: (issue) =>
        `${settingName(key)} must be a whole number from ${min} to ${max}; ${got(issue)}.`,
    })
    .transform(Number);
}

/**
 * The shape of `site:start`'s settings, in the order they are reported: the first problem is
 * the one line printed. Values arrive trimmed, blank ones as undefined (except the admin token).
 */
const siteStartSchema = z.object({
  name: required('name', '<site>', "the site's name in geo_nodes"),
  storage: required('storage', '<dir>', "the site's storage directory").transform((path) =>
    resolve(path),
  ),
  concurrency: wholeNumber('concurrency', 1).default(DEFAULT_CONCURRENCY),
  redis: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, {
      error: (issue) =>
        `${settingName('redis')} must be a redis:// or rediss:// URL; ${got(issue)}.`,
    })
    .optional(),
  // Blank is not "no token": an operator who set one meant the site to be guarded.
  adminToken: z
    .string()
    .refine((token) => token.trim() !== '', {
      error: `${settingName('adminToken')} is set but blank: give the token administrators sign in with, or leave it unset.`,
    })
    .transform((token) => token.trim())
    .optional(),
  redisPrefix: z
    .string()
    .refine((prefix) => !prefix.includes(':'), {
      error: (issue) =>
        `${settingName('redisPrefix')} must not contain ':' (it separates Redis key parts); ${got(issue)}.`,
    })
    .default(DEFAULT_REDIS_PREFIX),
  gitReadAccess: z
    .enum(GIT_READ_ACCESS_MODES, {
      error: (issue) =>
        `${settingName('gitReadAccess')} must be one of ${GIT_READ_ACCESS_MODES.join(', ')}; ${got(issue)}.`,
    })
    .default(DEFAULT_GIT_READ_ACCESS),
  port: wholeNumber('port', 0, 65_535).default(0),
  host: z.string().default('127.0.0.1'),
  intervalMs: wholeNumber('intervalMs', 10, MAX_DELAY_MS).optional(),
  downloadLeaseMs: wholeNumber('downloadLeaseMs', 100).optional(),
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
  const parsed = siteStartSchema.safeParse({
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
    throw new SiteConfigError(parsed.error.issues[0]?.message ?? 'Invalid site:start settings.');
  }
  const settings = parsed.data;

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
  };
}

function truthy(text: string | undefined): boolean {
  return text !== undefined && !['', '0', 'false', 'no', 'off'].includes(text.toLowerCase());
}

/** `downloadLeaseMs` → `download-lease-ms`. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
