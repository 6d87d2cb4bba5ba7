import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NotAnApplicationError } from './errors.ts';
import { PACKAGE_JSON } from './package-type.ts';
import { TSCONFIG_FILE } from './typescript-config.ts';

/**
 * The application `init` sets up: `--root`, else the current directory (never searched upward:
 * an application has no geo.config.json yet to find). It must hold package.json and tsconfig.json.
 */
export async function applicationRoot(
  cwd: string,
  rootOption: string | undefined,
): Promise<string> {
  const root = resolve(cwd, rootOption ?? '.');
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
    throw new NotAnApplicationError(rootOption ?? root, 'directory');
  }
  for (const file of [PACKAGE_JSON, TSCONFIG_FILE] as const) {
    if (!(await stat(join(root, file)).catch(() => undefined))?.isFile()) {
      throw new NotAnApplicationError(root, file);
    }
  }
  return root;
}
