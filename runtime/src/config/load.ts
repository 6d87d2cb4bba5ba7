import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { GEO_CONFIG_FILE } from './defaults.ts';
import { GeoConfigError } from './errors.ts';
import { DEFAULT_GEO_CONFIG, resolveGeoConfig, type GeoConfig } from './geo-config.ts';
import { describeIssue } from './issues.ts';
import { geoConfigSchema, type GeoConfigInput } from './schema.ts';

/**
 * `<root>/geo.config.json`, validated, its defaults filled in, and every path it sets that must
 * exist checked (REQUIRED_PATHS). Without the file, the defaults: each caller says what a
 * missing default path means to it. Throws GeoConfigError.
 */
export async function loadGeoConfig(root: string): Promise<GeoConfig> {
  const file = join(root, GEO_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return DEFAULT_GEO_CONFIG;
    throw new GeoConfigError(
      file,
      '',
      `cannot be read (${messageOf(error)})`,
      'fix its permissions',
    );
  }
  const input = validateGeoConfig(parseJson(text, file), file);
  await checkPaths(root, input, file);
  return resolveGeoConfig(input);
}

/** Validates parsed geo.config.json (`file` names it in errors); its paths are not looked at. */
export function parseGeoConfig(raw: unknown, file: string): GeoConfig {
  return resolveGeoConfig(validateGeoConfig(raw, file));
}

function validateGeoConfig(raw: unknown, file: string): GeoConfigInput {
  const result = v.safeParse(geoConfigSchema, raw);
  if (result.success) return result.output;
  const [first, ...others] = result.issues;
  const { key, problem, fix } = describeIssue(first);
  const more =
    others.length === 0
      ? ''
      : ` (${others.length} more problem${others.length === 1 ? '' : 's'} after this one)`;
  throw new GeoConfigError(file, key, problem, fix + more);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GeoConfigError(
      file,
      '',
      `is not valid JSON (${messageOf(error)})`,
      'fix the syntax; it must be a JSON object like { "runtimePackage": "geo-runtime" }',
    );
  }
}

interface RequiredPath {
  readonly key: string;
  readonly kind: 'file' | 'folder';
  readonly of: (input: GeoConfigInput) => string | undefined;
}

/**
 * The paths that must exist when the configuration sets them: what geo-gen patches or scans and
 * the runtime loads. Not `layout.appDir` (the generator creates the folders it writes into) nor
 * `outDir` (a build makes it; importing from it says so). A default that does not exist is
 * left to the callers, which say what is missing when they need it.
 */
const REQUIRED_PATHS: readonly RequiredPath[] = [
  { key: 'layout.featureFlagsDir', kind: 'folder', of: (input) => input.layout?.featureFlagsDir },
  {
    key: 'layout.mainMigrationsDir',
    kind: 'folder',
    of: (input) => input.layout?.mainMigrationsDir,
  },
  {
    key: 'layout.trackingMigrationsDir',
    kind: 'folder',
    of: (input) => input.layout?.trackingMigrationsDir,
  },
  { key: 'layout.dataTypesDoc', kind: 'file', of: (input) => input.layout?.dataTypesDoc },
  {
    key: 'lists.replicatorClasses.file',
    kind: 'file',
    of: (input) => input.lists?.replicatorClasses?.file,
  },
  {
    key: 'lists.statusSpecTable.file',
    kind: 'file',
    of: (input) => input.lists?.statusSpecTable?.file,
  },
  {
    key: 'lists.registryFields.file',
    kind: 'file',
    of: (input) => input.lists?.registryFields?.file,
  },
  { key: 'lists.statusApiDoc', kind: 'file', of: (input) => input.lists?.statusApiDoc },
  { key: 'lists.metricsDoc', kind: 'file', of: (input) => input.lists?.metricsDoc },
];

async function checkPaths(root: string, input: GeoConfigInput, file: string): Promise<void> {
  for (const required of REQUIRED_PATHS) {
    const path = required.of(input);
    if (path === undefined) continue;
    const found = await stat(join(root, path)).catch(() => undefined);
    const named = `names ${JSON.stringify(path)}`;
    if (found === undefined) {
      throw new GeoConfigError(
        file,
        required.key,
        `${named}, which does not exist in ${root}`,
        `create the ${required.kind} or fix the path (relative to the application's root)`,
      );
    }
    if (found.isDirectory() !== (required.kind === 'folder')) {
      throw new GeoConfigError(
        file,
        required.key,
        `${named}, which is a ${found.isDirectory() ? 'folder' : 'file'}, not a ${required.kind}`,
        `give the path of a ${required.kind}`,
      );
    }
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
