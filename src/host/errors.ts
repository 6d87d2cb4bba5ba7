import type { GeoConfigError } from 'geo-runtime/config';
import { RefusedError } from '../errors.ts';

/** No host was found from the current directory, and none was named with --root. */
export class HostNotFoundError extends RefusedError {
  override readonly name = 'HostNotFoundError';
  constructor(readonly cwd: string) {
    super(
      `no geo.config.json found in ${cwd}, its parents, or ./runtime.\n` +
        "Run geo-gen inside the host application, pass --root <dir>, or create the host's " +
        'geo.config.json, e.g. { "runtimePackage": "geo-runtime" }.',
    );
  }
}

/** --root names something that is not a directory. */
export class RootNotFoundError extends RefusedError {
  override readonly name = 'RootNotFoundError';
  constructor(readonly root: string) {
    super(`--root ${root} is not a directory; pass the host application's directory.`);
  }
}

/** geo.config.json exists but cannot be used: the message names the file, the key and the fix. */
export class InvalidHostConfigError extends RefusedError {
  override readonly name = 'InvalidHostConfigError';
  readonly file: string;
  /** The key at fault (`layout.appDir`), '' for the file as a whole. */
  readonly key: string;
  constructor(error: GeoConfigError) {
    super(error.message, { cause: error });
    this.file = error.file;
    this.key = error.key;
  }
}

/** Another geo-gen run holds the host's lock and did not finish in time. */
export class HostLockedError extends RefusedError {
  override readonly name = 'HostLockedError';
  constructor(
    readonly lockFile: string,
    readonly holder: LockOwner | undefined,
    readonly waitedMs: number,
  ) {
    const waited = `waited ${Math.round(waitedMs / 100) / 10} s for it`;
    super(
      (holder === undefined
        ? `${lockFile} is held by a process geo-gen cannot identify; ${waited}. `
        : `another geo-gen run is changing this host: geo-gen ${holder.command}, pid ` +
          `${holder.pid} on ${holder.hostname}, since ${holder.startedAt}; ${waited} to finish. ` +
          'Run again once it has. ') +
        `If no geo-gen is running there, delete ${lockFile} and run again. Nothing was written.`,
    );
  }
}

/** Who holds a host's lock, as written in the lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** The geo-gen command it runs, e.g. `replicable`. */
  readonly command: string;
}
