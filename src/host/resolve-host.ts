import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  DEFAULT_HOST_CONFIG,
  HOST_CONFIG_FILE,
  readHostConfig,
  type HostConfig,
} from './config.ts';
import { HostNotFoundError, RootNotFoundError } from './errors.ts';

/** The application geo-gen writes into. */
export interface Host {
  /** Absolute; every generated path is relative to it. */
  readonly root: string;
  readonly config: HostConfig;
  /** Absent when --root names a directory without geo.config.json (defaults are used). */
  readonly configFile: string | undefined;
}

/**
 * The host named by `--root`, or else the nearest directory from `cwd` upward holding
 * geo.config.json, or else `./runtime` when it holds one (so the repository root works).
 */
export async function resolveHost(cwd: string, rootOption: string | undefined): Promise<Host> {
  if (rootOption !== undefined) {
    const root = resolve(cwd, rootOption);
    if (!(await isDirectory(root))) throw new RootNotFoundError(rootOption);
    const configFile = join(root, HOST_CONFIG_FILE);
    return (await isFile(configFile))
      ? { root, config: await readHostConfig(root), configFile }
      : { root, config: DEFAULT_HOST_CONFIG, configFile: undefined };
  }
  const found = (await findUpward(resolve(cwd))) ?? (await findBelow(resolve(cwd)));
  if (found === undefined) throw new HostNotFoundError(cwd);
  return { root: dirname(found), config: await readHostConfig(dirname(found)), configFile: found };
}

async function findUpward(start: string): Promise<string | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, HOST_CONFIG_FILE);
    if (await isFile(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

async function findBelow(start: string): Promise<string | undefined> {
  const candidate = join(start, 'runtime', HOST_CONFIG_FILE);
  return (await isFile(candidate)) ? candidate : undefined;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
