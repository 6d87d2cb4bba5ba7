import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REPLICABLE_TEMPLATES,
  templateFolders,
  type DataTypeTemplates,
} from '../../src/generate/data-type-templates.ts';
import { STRATEGIES, VERIFICATION_TABLES } from '../../src/generate/strategies.ts';
import { DEFAULT_HOST_CONFIG } from '../../src/host/config.ts';
import { names } from '../../src/naming/names.ts';

const selection = (overrides: Partial<DataTypeTemplates> = {}): DataTypeTemplates => ({
  names: names('CoolWidget'),
  host: { root: '/host', config: DEFAULT_HOST_CONFIG, configFile: undefined },
  strategy: 'blob',
  owner: 'project',
  verificationTable: 'inline',
  ...overrides,
});

describe('the template folders of a data type', () => {
  it('render the model, the files, then the verification layout, each shared part before the strategy’s', () => {
    expect(templateFolders('/t', selection(), false)).toEqual([
      join('/t', 'common', 'model'),
      join('/t', 'blob', 'model'),
      join('/t', 'common', 'files'),
      join('/t', 'blob', 'files'),
      join('/t', 'common', 'verification-inline'),
      join('/t', 'blob', 'verification-inline'),
    ]);
    expect(
      templateFolders(
        '/t',
        selection({ strategy: 'repository', verificationTable: 'separate' }),
        true,
      ),
    ).toEqual([
      join('/t', 'common', 'files'),
      join('/t', 'repository', 'files'),
      join('/t', 'common', 'verification-separate'),
      join('/t', 'repository', 'verification-separate'),
    ]);
  });

  it('cover every folder geo-gen ships: none is left out of every selection', async () => {
    const selected = new Set(
      STRATEGIES.flatMap((strategy) =>
        VERIFICATION_TABLES.flatMap((verificationTable) =>
          templateFolders(REPLICABLE_TEMPLATES, selection({ strategy, verificationTable }), false),
        ),
      ),
    );
    const shipped: string[] = [];
    for (const owner of await readdir(REPLICABLE_TEMPLATES)) {
      for (const part of await readdir(join(REPLICABLE_TEMPLATES, owner))) {
        shipped.push(join(REPLICABLE_TEMPLATES, owner, part));
      }
    }
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped.filter((folder) => !selected.has(folder))).toEqual([]);
  });
});
