/**
 * Node options that run this repository's TypeScript sources: the `geo-source` condition of
 * package.json "imports" and "exports" (without it `bin/geo-runtime` runs the build in dist/),
 * with tsx for the host application's TypeScript, whatever the child's working directory.
 */
export declare const SOURCE_NODE_ARGS: readonly string[];
