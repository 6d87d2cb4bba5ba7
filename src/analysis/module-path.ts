import { posix } from 'node:path';

/** Where a relative import points: the host path it resolves to, or the path it names when missing. */
export type ModulePath =
  | { readonly kind: 'found'; readonly path: string }
  | { readonly kind: 'missing'; readonly path: string };

/**
 * Resolves a relative import specifier written in `from` the way the host's bundler-free
 * TypeScript does: the file as written, `.js` written for a `.ts` file, an added extension, or a
 * folder's `index.ts`. Paths are POSIX and relative to the host root.
 */
export function resolveRelativeModule(
  from: string,
  specifier: string,
  exists: (path: string) => boolean,
): ModulePath {
  const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [
    joined,
    joined
      .replace(/\.js$/, '.ts')
      .replace(/\.mjs$/, '.mts')
      .replace(/\.cjs$/, '.cts'),
    `${joined}.ts`,
    `${joined}.tsx`,
    `${joined}/index.ts`,
  ];
  const found = joined.startsWith('../') ? undefined : candidates.find(exists);
  return found === undefined ? { kind: 'missing', path: joined } : { kind: 'found', path: found };
}

/**
 * The specifier `from` would use to import the TypeScript file `target`, written with the host's
 * import extension: `./replicators/x.ts`, or `../models/y.js` for `.js`.
 */
export function relativeSpecifier(from: string, target: string, extension = '.ts'): string {
  const path = posix.relative(posix.dirname(from), target).replace(/\.ts$/, extension);
  return path.startsWith('.') ? path : `./${path}`;
}
