import { join, relative, sep } from 'node:path';
import type { ImportExtension } from 'geo-runtime/config';
import { UnsupportedApplicationError } from './errors.ts';

export const TSCONFIG_FILE = 'tsconfig.json';

/** What `init` learns from the application's tsconfig.json. */
export interface AppTypeScript {
  /** How its relative imports must end under its options. */
  readonly importExtension: ImportExtension;
  /** Where tsc emits, relative to the root (POSIX), when it emits elsewhere than beside sources. */
  readonly outDir: string | undefined;
  /** What the user should know, e.g. a rootDir that moves emitted files away from their paths. */
  readonly warnings: readonly string[];
  /** The `include` patterns, when the configuration limits its files to them. */
  readonly include: readonly string[] | undefined;
}

/**
 * Whether tsc compiles files under `folder` (e.g. `app`): no `include` (everything), or a
 * pattern that is the folder, reaches into it, or starts with a wildcard. A heuristic that errs
 * towards yes: it only serves a warning.
 */
export function compilesFolder(typescript: AppTypeScript, folder: string): boolean {
  return (
    typescript.include === undefined ||
    typescript.include.some((pattern) => {
      const path = pattern.replace(/^\.\//, '');
      return path === '' || path === '.' || /^\*/.test(path) || `${path}/`.startsWith(`${folder}/`);
    })
  );
}

/**
 * Reads `<root>/tsconfig.json` as tsc does (`extends` included), with ts-morph's bundled
 * TypeScript. Refuses a configuration that emits CommonJS: geo-runtime is an ES module package.
 */
export async function readAppTypeScript(root: string): Promise<AppTypeScript> {
  const { ts } = await import('ts-morph');
  const file = join(root, TSCONFIG_FILE);
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error !== undefined) {
    const message = ts.flattenDiagnosticMessageText(read.error.messageText, ' ');
    throw new UnsupportedApplicationError(file, `cannot be read (${message}); fix it`);
  }
  // Unknown options of a newer TypeScript are diagnostics here, not reasons to refuse.
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, file);
  const commonJs = [ts.ModuleKind.CommonJS, ts.ModuleKind.AMD, ts.ModuleKind.UMD];
  if (options.module !== undefined && commonJs.includes(options.module)) {
    throw new UnsupportedApplicationError(
      file,
      `"module" is "${ts.ModuleKind[options.module]}", but geo-runtime and the code geo-gen ` +
        'generates are ES modules; set "module": "nodenext" (or "node20") and run init again',
    );
  }
  const outDir = options.outDir === undefined ? undefined : posixRelative(root, options.outDir);
  const warnings: string[] = [];
  if (outDir !== undefined && options.rootDir !== undefined) {
    const rootDir = posixRelative(root, options.rootDir);
    if (rootDir !== '') {
      warnings.push(
        `${TSCONFIG_FILE} sets "rootDir" to ${rootDir}, not the application's root: tsc then ` +
          `emits <path>.ts elsewhere than ${outDir}/<path>.js, where geo-runtime loads it from; ` +
          'set "rootDir": "."',
      );
    }
  }
  return {
    importExtension:
      options.allowImportingTsExtensions === true ||
      options.rewriteRelativeImportExtensions === true
        ? '.ts'
        : '.js',
    outDir: outDir === '' ? undefined : outDir,
    warnings,
    include: includePatterns(read.config),
  };
}

function posixRelative(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** The top-level `include` of the configuration file (an extended one's is not looked at). */
function includePatterns(config: unknown): string[] | undefined {
  if (typeof config !== 'object' || config === null || !('include' in config)) return undefined;
  const { include } = config;
  return Array.isArray(include) ? include.filter((item) => typeof item === 'string') : undefined;
}
