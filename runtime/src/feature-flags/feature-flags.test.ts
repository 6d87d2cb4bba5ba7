import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import {
  FEATURE_FLAG_DEFINITIONS_DIR,
  InvalidFeatureFlagDefinitionError,
  loadFeatureFlagDefinitions,
  parseFeatureFlagDefinition,
} from './definition.ts';
import {
  FeatureFlagDefaultMismatchError,
  FeatureFlags,
  UndefinedFeatureFlagError,
} from './feature-flags.ts';

const valid = `---
name: geo_widget_replication
introduced_by_url: https://example.test/mr/1
rollout_issue_url:
type: development
group: group::geo
default_enabled: false
`;

describe('feature flag definitions', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flags-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the YAML files of a folder', async () => {
    await writeFile(join(dir, 'geo_widget_replication.yml'), valid);
    const definitions = await loadFeatureFlagDefinitions(dir);
    expect(definitions.get('geo_widget_replication')).toMatchObject({
      name: 'geo_widget_replication',
      type: 'development',
      group: 'group::geo',
      defaultEnabled: false,
      introducedByUrl: 'https://example.test/mr/1',
      rolloutIssueUrl: null,
    });
  });

  it('loads the runtime’s own definitions', async () => {
    const definitions = await loadFeatureFlagDefinitions(
      join(RUNTIME_ROOT, FEATURE_FLAG_DEFINITIONS_DIR),
    );
    expect(definitions.get('geo_package_file_replication')?.defaultEnabled).toBe(false);
  });

  it.each([
    ['not YAML', 'name: [unclosed', /not valid YAML/],
    ['a list', '- a\n- b', /expected a mapping/],
    [
      'a name that is not the file name',
      valid.replace('name: geo_widget_replication', 'name: other'),
      /'name' is other but the file is named for geo_widget_replication/,
    ],
    [
      'an unknown type',
      valid.replace('type: development', 'type: permanent'),
      /'type' must be one of development, ops/,
    ],
    [
      'a group without group::',
      valid.replace('group: group::geo', 'group: geo'),
      /'group' must look like group::geo/,
    ],
    [
      'a default that is not a boolean',
      valid.replace('default_enabled: false', 'default_enabled: maybe'),
      /'default_enabled' must be true or false/,
    ],
  ])('refuses %s, naming the file', async (_case, text, problem) => {
    const file = join(dir, 'geo_widget_replication.yml');
    await writeFile(file, text);
    const loading = loadFeatureFlagDefinitions(dir);
    await expect(loading).rejects.toThrow(InvalidFeatureFlagDefinitionError);
    await expect(loadFeatureFlagDefinitions(dir)).rejects.toThrow(file);
    await expect(loadFeatureFlagDefinitions(dir)).rejects.toThrow(problem);
  });

  it('parses a definition on its own', () => {
    expect(parseFeatureFlagDefinition('/x/geo_widget_replication.yml', valid).file).toBe(
      '/x/geo_widget_replication.yml',
    );
  });
});

describeOnEachEngine('feature flags', (databases) => {
  const definitions = new Map([
    [
      'geo_widget_replication',
      parseFeatureFlagDefinition('/flags/geo_widget_replication.yml', valid),
    ],
  ]);
  const flags = () => new FeatureFlags(databases.main, definitions);

  it('use the definition’s default until overridden, and persist overrides', async () => {
    expect(await flags().isEnabled('geo_widget_replication')).toBe(false);
    await flags().enable('geo_widget_replication');
    expect(await flags().isEnabled('geo_widget_replication')).toBe(true);
    await flags().disable('geo_widget_replication');
    expect(await flags().isEnabled('geo_widget_replication')).toBe(false);
    await flags().reset('geo_widget_replication');
    expect(await flags().isEnabled('geo_widget_replication')).toBe(false);
  });

  it('refuse a flag without a definition, saying which file to create', async () => {
    await expect(flags().isEnabled('geo_gadget_replication')).rejects.toThrow(
      UndefinedFeatureFlagError,
    );
    await expect(flags().enable('geo_gadget_replication')).rejects.toThrow(
      'config/feature_flags/development/geo_gadget_replication.yml',
    );
  });

  it('refuse a code default that disagrees with the definition', async () => {
    await expect(flags().isEnabled('geo_widget_replication', true)).rejects.toThrow(
      FeatureFlagDefaultMismatchError,
    );
  });
});
