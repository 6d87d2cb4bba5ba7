import { RefusedError } from '../../errors.ts';

/** The directory `init` was pointed at is not a TypeScript application it can set up. */
export class NotAnApplicationError extends RefusedError {
  override readonly name = 'NotAnApplicationError';
  constructor(
    readonly root: string,
    readonly missing: 'package.json' | 'tsconfig.json' | 'directory',
  ) {
    super(
      missing === 'directory'
        ? `${root} is not a directory; pass the application's directory with --root.`
        : `${root} has no ${missing}: geo-gen init sets Geo up in an existing TypeScript ` +
            `application. Run it in the application's root (or pass --root <dir>)` +
            (missing === 'package.json'
              ? ', or create one first with `npm init`.'
              : ', or create its TypeScript configuration first with `npx tsc --init`.'),
    );
  }
}

/** The application's package.json or tsconfig.json cannot be read, or cannot work with Geo. */
export class UnsupportedApplicationError extends RefusedError {
  override readonly name = 'UnsupportedApplicationError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}. Nothing was written.`);
  }
}
