import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import { addArrayEntry, findArrayLiteral, mentions } from '../../src/patches/array-entry.ts';
import { removeEntryProperty } from '../../src/patches/list-entry-property.ts';
import { mentionsAny, removeListEntries } from '../../src/patches/remove-list-entries.ts';
import { parseSource } from '../../src/patches/typescript-source.ts';

/** A host list as people write them: comments of both kinds everywhere, a spread, a blank line. */
const REPLICATORS = `import type { ReplicatorClass } from 'geo-runtime';
import { PackageFileReplicator } from './replicators/package-file-replicator.ts'; // the first

/* Replicators of another application. */
const OTHER_CLASSES: readonly ReplicatorClass[] = [];

export const REPLICATOR_CLASSES: readonly ReplicatorClass[] = [
  // Built in.
  PackageFileReplicator, // line comment after an entry
  /* a block comment between entries */
  ...OTHER_CLASSES,

  /* after a blank line */ SnippetReplicator /* inline */,
  {
    // a multi-line entry
    ...LegacyReplicator,
  } as ReplicatorClass,
  /* block comment at the end */
  // and a line comment
];
`;

const ROWS = `import { packageFileFactory } from './factories/package-file-factory.ts';

const REPLICABLE_STATUS_ROWS: readonly ReplicableStatusRow[] = [
  {
    replicator: PackageFileReplicator, // why
    /* block */ modelFactory: packageFileFactory,
    registryFactory: packageFileRegistryFactory,
  },
  ...EXTRA_ROWS,
  // nothing after this
];
`;

const replicator = {
  file: 'app/replicator-classes.ts',
  symbol: 'REPLICATOR_CLASSES',
  entry: 'CoolWidgetReplicator',
  imports: [{ name: 'CoolWidgetReplicator', module: './replicators/cool-widget-replicator.ts' }],
};

const row = {
  file: 'app/geo-node-status.test.ts',
  symbol: 'REPLICABLE_STATUS_ROWS',
  entry:
    '{ replicator: CoolWidgetReplicator, modelFactory: coolWidgetFactory, registryFactory: coolWidgetRegistryFactory }',
  identifies: mentions('CoolWidgetReplicator'),
  imports: [
    { name: 'coolWidgetFactory', module: './factories/cool-widget-factory.ts' },
    { name: 'coolWidgetRegistryFactory', module: './factories/cool-widget-registry-factory.ts' },
    { name: 'CoolWidgetReplicator', module: './replicators/cool-widget-replicator.ts' },
  ],
};

async function added(text: string, patch: Parameters<typeof addArrayEntry>[1]): Promise<string> {
  const result = await addArrayEntry(text, patch);
  if (result.kind !== 'added') throw new Error(`nothing added to ${patch.symbol}`);
  return result.text;
}

async function removed(text: string, symbol: string): Promise<string> {
  const result = await removeListEntries(text, {
    file: 'list.ts',
    symbol,
    identifies: mentionsAny(new Set(['CoolWidgetReplicator'])),
    ownsModule: (specifier) => specifier.includes('cool-widget'),
  });
  if (result.kind !== 'removed') throw new Error(`nothing removed from ${symbol}`);
  return result.text;
}

/** The lines a change removed and added. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const parts = diffLines(before, after);
  const lines = (kind: 'added' | 'removed') =>
    parts.filter((part) => part[kind]).flatMap((part) => part.value.split('\n').filter(Boolean));
  return { removed: lines('removed'), added: lines('added') };
}

describe('patching a host list keeps what the generator does not own', () => {
  it('adds a replicator by adding its two lines only, and removing it gives the file back', async () => {
    const patched = await added(REPLICATORS, replicator);
    expect(changedLines(REPLICATORS, patched)).toEqual({
      removed: [],
      added: [
        "import { CoolWidgetReplicator } from './replicators/cool-widget-replicator.ts';",
        '  CoolWidgetReplicator,',
      ],
    });
    expect(patched).toContain('  } as ReplicatorClass,\n  CoolWidgetReplicator,\n  /* block');
    expect(await removed(patched, 'REPLICATOR_CLASSES')).toBe(REPLICATORS);
  });

  it('adds a status row and its imports as new lines, and removing it gives the file back', async () => {
    const patched = await added(ROWS, row);
    expect(changedLines(ROWS, patched)).toEqual({
      removed: [],
      added: [
        "import { coolWidgetFactory } from './factories/cool-widget-factory.ts';",
        "import { coolWidgetRegistryFactory } from './factories/cool-widget-registry-factory.ts';",
        "import { CoolWidgetReplicator } from './replicators/cool-widget-replicator.ts';",
        `  ${row.entry},`,
      ],
    });
    expect(await removed(patched, 'REPLICABLE_STATUS_ROWS')).toBe(ROWS);
  });

  it.each([
    ['one line', 'const L = [A, B];\n'],
    ['one line with a trailing comma', 'const L = [A, /* b */ B,];\n'],
    ['one line, empty', 'const L = [];\n'],
    ['multi-line without a trailing comma', 'const L = [\n  A, // a\n  B // b\n];\n'],
    ['multi-line, empty but for a comment', 'const L = [\n  // none yet\n];\n'],
    ['with Windows line ends', 'const L = [\r\n  A,\r\n  /* b */\r\n  B,\r\n];\r\n'],
    ['a multi-line entry last', 'const L = [\n  A,\n  {\n    b: 1,\n  },\n];\n'],
    ['an entry sharing the last line', 'const L = [\n  A, B,\n];\n'],
  ])('round trip in a list written %s', async (_style, text) => {
    const importsBefore = "import { A } from './a.ts';\n";
    const before = importsBefore + text;
    const patch = { ...replicator, symbol: 'L' };
    const patched = await added(before, patch);
    const list = findArrayLiteral(await parseSource('list.ts', patched), 'list.ts', 'L');
    expect(list.getElements().at(-1)?.getText()).toBe('CoolWidgetReplicator');
    expect(await removed(patched, 'L')).toBe(before);
  });

  it('adds to an existing import of the same module, and takes only that name out again', async () => {
    const before =
      "import {\n  PackageFileReplicator, // kept\n} from './replicators/cool-widget-replicator.ts';\n" +
      'export const REPLICATOR_CLASSES = [PackageFileReplicator];\n';
    const patched = await added(before, replicator);
    expect(patched).toContain('  PackageFileReplicator, // kept\n  CoolWidgetReplicator,\n} from');
    expect(await removed(patched, 'REPLICATOR_CLASSES')).toBe(before);
  });

  it('release takes only the feature flag line out of a registry field, comments kept', async () => {
    const fields =
      'export const GEO_NODE_REGISTRY_FIELDS = [\n  {\n    // the widgets\n' +
      "    name: 'coolWidgetRegistries', /* named */\n    featureFlag: 'geo_cool_widget_replication',\n" +
      "    description: 'Find Cool Widget registries', // last\n  },\n];\n";
    const result = await removeEntryProperty(fields, {
      file: 'fields.ts',
      symbol: 'GEO_NODE_REGISTRY_FIELDS',
      identifies: () => true,
      property: 'featureFlag',
    });
    expect(result.kind === 'removed' && changedLines(fields, result.text)).toEqual({
      removed: ["    featureFlag: 'geo_cool_widget_replication',"],
      added: [],
    });
  });
});
