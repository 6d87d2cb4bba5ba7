import { join } from 'node:path';
import type { Tree } from '../../tree/tree.ts';
import { UnsupportedApplicationError } from './errors.ts';

export const PACKAGE_JSON = 'package.json';

/** The application's package.json, parsed; refuses one that is not a JSON object. */
export function readPackageJson(tree: Tree): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(tree.read(PACKAGE_JSON) ?? '');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UnsupportedApplicationError(
      join(tree.root, PACKAGE_JSON),
      `cannot be read as JSON (${why}); fix it`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UnsupportedApplicationError(
      join(tree.root, PACKAGE_JSON),
      'is not a JSON object; fix it',
    );
  }
  return { ...parsed };
}

/** What `useModuleType` changed: the `"type"` package.json had (none when it had none). */
export interface ModuleTypeChange {
  readonly was: string | undefined;
}

/**
 * Makes the application an ES module package (`"type": "module"`), as geo-runtime and the code
 * geo-gen generates are: with `npm init`'s `"commonjs"` and the `verbatimModuleSyntax` of a
 * standard tsconfig, tsc refuses every `import`. Returns what changed, for the report.
 */
export function useModuleType(
  tree: Tree,
  manifest: Record<string, unknown>,
): ModuleTypeChange | undefined {
  const type = manifest['type'];
  if (type === 'module') return undefined;
  const text = tree.read(PACKAGE_JSON) ?? '';
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  tree.write(PACKAGE_JSON, `${JSON.stringify({ ...manifest, type: 'module' }, null, indent)}\n`);
  return { was: typeof type === 'string' ? type : undefined };
}

/** The note about it: `package.json: "type" is now "module" (it was "commonjs"): …`. */
export function moduleTypeNote(change: ModuleTypeChange, dryRun: boolean): string {
  return (
    `${PACKAGE_JSON}: "type" ${dryRun ? 'would be' : 'is now'} "module"` +
    (change.was === undefined ? '' : ` (it was "${change.was}")`) +
    ': geo-runtime and the generated code are ES modules'
  );
}

/** Whether the application declares a package in any of its dependency lists. */
export function declares(manifest: Record<string, unknown>, name: string): boolean {
  return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some(
    (key) => {
      const list = manifest[key];
      return typeof list === 'object' && list !== null && name in list;
    },
  );
}
