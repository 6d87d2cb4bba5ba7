import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_LAYOUT } from '../config/defaults.ts';

export const FEATURE_FLAG_TYPES = ['development', 'ops', 'beta', 'experiment'] as const;
export type FeatureFlagType = (typeof FEATURE_FLAG_TYPES)[number];

/** Where definitions live by default, relative to the host's root (geo.config.json layout.featureFlagsDir). */
export const FEATURE_FLAG_DEFINITIONS_DIR = DEFAULT_LAYOUT.featureFlagsDir;

/** One `config/feature_flags/development/<name>.yml` file. */
export interface FeatureFlagDefinition {
  readonly name: string;
  readonly type: FeatureFlagType;
  readonly group: string;
  readonly defaultEnabled: boolean;
  readonly introducedByUrl: string | null;
  readonly rolloutIssueUrl: string | null;
  readonly file: string;
}

export class InvalidFeatureFlagDefinitionError extends Error {
  override readonly name = 'InvalidFeatureFlagDefinitionError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Invalid feature flag definition ${file}: ${problem}.`);
  }
}

/** Parses and validates one definition file; every problem names the file. */
export function parseFeatureFlagDefinition(file: string, text: string): FeatureFlagDefinition {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new InvalidFeatureFlagDefinitionError(
      file,
      `not valid YAML (${(error as Error).message})`,
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InvalidFeatureFlagDefinitionError(file, 'expected a mapping of keys to values');
  }
  const fields = document as Record<string, unknown>;
  const name = fields['name'];
  const expectedName = basename(file).replace(/\.ya?ml$/, '');
  if (typeof name !== 'string' || name === '') {
    throw new InvalidFeatureFlagDefinitionError(file, "'name' must be a non-empty string");
  }
  if (name !== expectedName) {
    throw new InvalidFeatureFlagDefinitionError(
      file,
      `'name' is ${name} but the file is named for ${expectedName}`,
    );
  }
  const type = fields['type'];
  if (!FEATURE_FLAG_TYPES.includes(type as FeatureFlagType)) {
    throw new InvalidFeatureFlagDefinitionError(
      file,
      `'type' must be one of ${FEATURE_FLAG_TYPES.join(', ')}, got ${JSON.stringify(type)}`,
    );
  }
  const group = fields['group'];
  if (typeof group !== 'string' || !group.startsWith('group::')) {
    throw new InvalidFeatureFlagDefinitionError(file, "'group' must look like group::geo");
  }
  const defaultEnabled = fields['default_enabled'];
  if (typeof defaultEnabled !== 'boolean') {
    throw new InvalidFeatureFlagDefinitionError(file, "'default_enabled' must be true or false");
  }
  return {
    name,
    type: type as FeatureFlagType,
    group,
    defaultEnabled,
    introducedByUrl: optionalString(fields, 'introduced_by_url', file),
    rolloutIssueUrl: optionalString(fields, 'rollout_issue_url', file),
    file,
  };
}

function optionalString(fields: Record<string, unknown>, key: string, file: string): string | null {
  const value = fields[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new InvalidFeatureFlagDefinitionError(file, `'${key}' must be a string`);
  return value;
}

/** Loads every definition in a folder (a missing folder means none). */
export async function loadFeatureFlagDefinitions(
  dir: string,
): Promise<ReadonlyMap<string, FeatureFlagDefinition>> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((file) => /\.ya?ml$/.test(file)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const definitions = new Map<string, FeatureFlagDefinition>();
  for (const file of files) {
    const path = join(dir, file);
    const definition = parseFeatureFlagDefinition(path, await readFile(path, 'utf8'));
    definitions.set(definition.name, definition);
  }
  return definitions;
}
