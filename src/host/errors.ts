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

/** geo.config.json exists but cannot be used. */
export class InvalidHostConfigError extends RefusedError {
  override readonly name = 'InvalidHostConfigError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `${file}: ${problem}. Fix the file; it must be a JSON object like { "runtimePackage": "geo-runtime" }.`,
    );
  }
}
