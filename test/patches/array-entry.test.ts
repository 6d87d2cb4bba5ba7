import { describe, expect, it } from 'vitest';
import { addArrayEntry, mentions } from '../../src/patches/array-entry.ts';
import { PatchTargetNotFoundError } from '../../src/patches/errors.ts';

const LIST = `import type { ReplicatorClass } from 'geo-runtime';
import { PackageFileReplicator } from './replicators/package-file-replicator.ts';

// Every replicator of this application.
export const REPLICATOR_CLASSES: readonly ReplicatorClass[] = [
  PackageFileReplicator, // the first one
];
`;

const patch = {
  file: 'app/replicator-classes.ts',
  symbol: 'REPLICATOR_CLASSES',
  entry: 'CoolWidgetReplicator',
  imports: [{ name: 'CoolWidgetReplicator', module: './replicators/cool-widget-replicator.ts' }],
};

describe('adding an entry to a list', () => {
  it('adds the entry and its import, keeping what was there with its comments', async () => {
    const result = await addArrayEntry(LIST, patch);
    expect(result.kind).toBe('added');
    const text = result.kind === 'added' ? result.text : '';
    expect(text).toContain(
      "import { CoolWidgetReplicator } from './replicators/cool-widget-replicator.ts';",
    );
    expect(text).toContain('PackageFileReplicator, // the first one');
    expect(text).toContain('// Every replicator of this application.');
    expect(text.indexOf('PackageFileReplicator, //')).toBeLessThan(
      text.lastIndexOf('CoolWidgetReplicator'),
    );
  });

  it('adds nothing on a second run', async () => {
    const first = await addArrayEntry(LIST, patch);
    const second = await addArrayEntry(first.kind === 'added' ? first.text : LIST, patch);
    expect(second).toEqual({ kind: 'unchanged', notes: [] });
  });

  it('completes and reports a half-wired host', async () => {
    const importedOnly = `import { CoolWidgetReplicator } from './replicators/cool-widget-replicator.ts';\n${LIST}`;
    const listedOnly = LIST.replace(
      'PackageFileReplicator, // the first one',
      'PackageFileReplicator,\n  CoolWidgetReplicator,',
    );
    const fromImported = await addArrayEntry(importedOnly, patch);
    expect(fromImported.notes).toEqual([
      expect.stringMatching(/was imported but not in REPLICATOR_CLASSES/),
    ]);
    const fromListed = await addArrayEntry(listedOnly, patch);
    expect(fromListed.notes).toEqual([
      expect.stringMatching(/listed CoolWidgetReplicator without importing it/),
    ]);
    expect(fromListed.kind === 'added' && fromListed.text).toContain(
      "from './replicators/cool-widget-replicator.ts'",
    );
  });

  it('recognises object entries by the identifier they mention', async () => {
    const rows = `const ROWS = [\n  { replicator: CoolWidgetReplicator, factory: f },\n];\n`;
    const result = await addArrayEntry(rows, {
      file: 'rows.ts',
      symbol: 'ROWS',
      entry: '{ replicator: CoolWidgetReplicator, factory: coolWidgetFactory }',
      imports: [],
      identifies: mentions('CoolWidgetReplicator'),
    });
    expect(result.kind).toBe('unchanged');
  });

  it('names the file and the symbol when the list is missing or not an array', async () => {
    await expect(addArrayEntry('export const OTHER = [];\n', patch)).rejects.toThrow(
      PatchTargetNotFoundError,
    );
    await expect(addArrayEntry('export const OTHER = [];\n', patch)).rejects.toThrow(
      /Cannot patch REPLICATOR_CLASSES in app\/replicator-classes\.ts: no top-level const of that name/,
    );
    await expect(
      addArrayEntry('export const REPLICATOR_CLASSES = new Set();\n', patch),
    ).rejects.toThrow(/not initialised with an array literal/);
  });

  it('sees through `as const` and `satisfies`', async () => {
    const result = await addArrayEntry(
      'export const REPLICATOR_CLASSES = [A] as const satisfies readonly X[];\n',
      patch,
    );
    expect(result.kind === 'added' && result.text).toMatch(
      /\[\s*A,\s*CoolWidgetReplicator\s*\] as const/,
    );
  });
});
