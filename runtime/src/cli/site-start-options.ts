import { resolve } from 'node:path';
import { MAX_DELAY_MS } from '../jobs/job-options.ts';

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
  intervalMs: 'GEO_INTERVAL_MS',
  downloadLeaseMs: 'GEO_DOWNLOAD_LEASE_MS',
} as const satisfies Partial<Record<keyof SiteStartFlags, string>>;

/** A `site:start` setting that cannot work; the message says which and how to fix it. */
export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
}

const DEFAULT_CONCURRENCY = 10;
const DEFAULT_REDIS_PREFIX = 'geo';

/**
 * Flags first, then the environment (`SITE_START_ENV`), then defaults. Every problem is a
 * `SiteConfigError` naming the flag and its variable.
 */
export function siteStartConfig(flags: SiteStartFlags, env: NodeJS.ProcessEnv): SiteStartConfig {
  const value = (key: keyof typeof SITE_START_ENV): string | undefined => {
    const given = flags[key] ?? env[SITE_START_ENV[key]];
    return typeof given === 'string' && given.trim() !== '' ? given.trim() : undefined;
  };

  const name = value('name');
  if (name === undefined) throw missing('name', '<site>', "the site's name in geo_nodes");
  const storage = value('storage');
  if (storage === undefined) throw missing('storage', '<dir>', "the site's storage directory");

  const concurrency = integer('concurrency', value('concurrency'), 1) ?? DEFAULT_CONCURRENCY;
  const redisUrl = value('redis');
  if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    throw new SiteConfigError(
      `--redis (${SITE_START_ENV.redis}) must be a redis:// or rediss:// URL; got ${JSON.stringify(redisUrl)}.`,
    );
  }
  // Blank is not "no token": an operator who set one meant the site to be guarded.
  const givenToken = flags.adminToken ?? env[SITE_START_ENV.adminToken];
  if (givenToken !== undefined && givenToken.trim() === '') {
    throw new SiteConfigError(
      `--admin-token (${SITE_START_ENV.adminToken}) is set but blank: give the token administrators sign in with, or leave it unset.`,
    );
  }
  const prefix = value('redisPrefix') ?? DEFAULT_REDIS_PREFIX;
  if (prefix.includes(':')) {
    throw new SiteConfigError(
      `--redis-prefix (${SITE_START_ENV.redisPrefix}) must not contain ':' (it separates Redis key parts); got ${JSON.stringify(prefix)}.`,
    );
  }

  return {
    name,
    storage: resolve(storage),
    http:
      flags.http === false
        ? undefined
        : {
            port: integer('port', value('port'), 0, 65_535) ?? 0,
            hostname: value('host') ?? '127.0.0.1',
          },
    jobs:
      redisUrl === undefined
        ? { kind: 'in-process', concurrency }
        : { kind: 'bullmq', redisUrl, prefix, concurrency },
    replica: flags.replica === true || truthy(env[SITE_START_ENV.replica]),
    adminToken: value('adminToken'),
    logCursor: flags.logCursor !== false,
    intervalMs: integer('intervalMs', value('intervalMs'), 10, MAX_DELAY_MS),
    downloadLeaseMs: integer('downloadLeaseMs', value('downloadLeaseMs'), 100),
  };
}

function missing(key: keyof typeof SITE_START_ENV, argument: string, what: string) {
  return new SiteConfigError(
    `Missing ${what}: pass --${flagName(key)} ${argument} or set ${SITE_START_ENV[key]}.`,
  );
}

function integer(
  key: keyof typeof SITE_START_ENV,
  text: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  const parsed = Number(text);
  if (!/^\d+$/.test(text) || parsed < min || parsed > max) {
    throw new SiteConfigError(
      `--${flagName(key)} (${SITE_START_ENV[key]}) must be a whole number from ${min} to ${max}; got ${JSON.stringify(text)}.`,
    );
  }
  return parsed;
}

function truthy(text: string | undefined): boolean {
  return text !== undefined && !['', '0', 'false', 'no', 'off'].includes(text.toLowerCase());
}

/** `downloadLeaseMs` → `download-lease-ms`. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
