import { describe, expect, it } from 'vitest';
import { removeStaticProperty } from '../../src/patches/class-member.ts';
import { removeEntryProperty } from '../../src/patches/list-entry-property.ts';
import { removeTableRows, upsertTableRow } from '../../src/patches/markdown-rows.ts';
import { mentionsAny, removeListEntries } from '../../src/patches/remove-list-entries.ts';
import { setTopLevelBoolean } from '../../src/patches/yaml-boolean.ts';

const owns = (specifier: string) => specifier.includes('widget');

describe('removeListEntries', () => {
  it('removes an entry and the imports only it used, by symbol', async () => {
    const text =
      "import { A } from './a.ts';\nimport { Widget, Shared } from './widget.ts';\n\n" +
      'export const LIST = [A, Widget];\nexport const other = Shared;\n';
    const result = await removeListEntries(text, {
      file: 'list.ts',
      symbol: 'LIST',
      identifies: mentionsAny(new Set(['Widget'])),
      ownsModule: owns,
    });
    expect(result).toEqual({
      kind: 'removed',
      text:
        "import { A } from './a.ts';\nimport { Shared } from './widget.ts';\n\n" +
        'export const LIST = [A];\nexport const other = Shared;\n',
      entries: 1,
      imports: ['Widget'],
    });
  });

  it('keeps an unused import of a module that is not the data type’s, and a used one', async () => {
    const text =
      "import { Old } from './old.ts';\nimport { Widget } from './widget.ts';\n" +
      'export const LIST = [\n  Widget,\n];\nconsole.log(Widget);\n';
    const result = await removeListEntries(text, {
      file: 'list.ts',
      symbol: 'LIST',
      identifies: mentionsAny(new Set(['Widget'])),
      ownsModule: owns,
    });
    expect(result.kind === 'removed' && result.text).toBe(
      "import { Old } from './old.ts';\nimport { Widget } from './widget.ts';\n" +
        'export const LIST = [\n];\nconsole.log(Widget);\n',
    );
  });

  it('changes nothing when nothing mentions the symbol', async () => {
    const text = "import { A } from './a.ts';\nexport const LIST = [A];\n";
    expect(
      await removeListEntries(text, {
        file: 'list.ts',
        symbol: 'LIST',
        identifies: mentionsAny(new Set(['Widget'])),
        ownsModule: owns,
      }),
    ).toEqual({ kind: 'unchanged' });
  });
});

describe('removeStaticProperty', () => {
  const text =
    'class W {\n  static a = 1;\n\n  // unrelated\n\n  // Off while being built.\n' +
    '  static override readonly enabled = false;\n\n  b() {}\n}\n';

  it('removes the property with the comment block right above it, not an unrelated one', async () => {
    expect(
      await removeStaticProperty(text, { file: 'w.ts', className: 'W', member: 'enabled' }),
    ).toEqual({
      kind: 'removed',
      text: 'class W {\n  static a = 1;\n\n  // unrelated\n\n\n  b() {}\n}\n',
    });
  });

  it('says when it is absent', async () => {
    expect(
      await removeStaticProperty(text, { file: 'w.ts', className: 'W', member: 'gone' }),
    ).toEqual({
      kind: 'absent',
    });
  });
});

describe('removeEntryProperty', () => {
  it('removes a property of the entry it identifies, with its comma', async () => {
    const text =
      "export const F = [\n  { name: 'a', flag: 'x' },\n  { name: 'b', flag: 'y' },\n];\n";
    const result = await removeEntryProperty(text, {
      file: 'f.ts',
      symbol: 'F',
      identifies: (entry) => entry.getText().includes("'b'"),
      property: 'flag',
    });
    expect(result).toEqual({
      kind: 'removed',
      text: "export const F = [\n  { name: 'a', flag: 'x' },\n  { name: 'b' },\n];\n",
    });
  });
});

describe('Markdown rows', () => {
  const doc = '# T\n\n| Key | Value |\n| --- | --- |\n| `a` | 1 |\n| `b` | 2 |\n\nAfter.\n';

  it('upserts: adds a missing row, updates a changed one, leaves an equal one', () => {
    const upsert = (key: string, value: string) =>
      upsertTableRow(doc, {
        identifies: (row) => row[0] === key,
        build: () => [key, value],
      });
    expect(upsert('`c`', '3')).toEqual({
      kind: 'added',
      text: '# T\n\n| Key | Value |\n| --- | --- |\n| `a` | 1 |\n| `b` | 2 |\n| `c` | 3 |\n\nAfter.\n',
    });
    expect(upsert('`a`', '9')).toMatchObject({ kind: 'updated' });
    expect(upsert('`b`', '2')).toEqual({ kind: 'unchanged' });
    expect(upsertTableRow('no table', { identifies: () => true, build: () => [] })).toEqual({
      kind: 'no-table',
    });
  });

  it('removes rows by their cells', () => {
    expect(removeTableRows(doc, (row) => row[0] === '`a`')).toBe(
      '# T\n\n| Key | Value |\n| --- | --- |\n| `b` | 2 |\n\nAfter.\n',
    );
    expect(removeTableRows(doc, () => false)).toBeUndefined();
  });
});

describe('setTopLevelBoolean', () => {
  it('sets the value in place, keeps comments, appends a missing key, and is idempotent', () => {
    expect(
      setTopLevelBoolean('a: 1\ndefault_enabled: false # why\n', 'default_enabled', true),
    ).toEqual({
      kind: 'changed',
      text: 'a: 1\ndefault_enabled: true # why\n',
    });
    expect(setTopLevelBoolean('default_enabled: true\n', 'default_enabled', true)).toEqual({
      kind: 'unchanged',
    });
    expect(setTopLevelBoolean('a: 1', 'default_enabled', true)).toEqual({
      kind: 'changed',
      text: 'a: 1\ndefault_enabled: true\n',
    });
  });
});
