import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_STYLE } from '../../src/templates/style.ts';
import { formatChanges } from '../../src/tree/format.ts';
import { Tree } from '../../src/tree/tree.ts';
import { tempDir } from '../support/host.ts';

async function hostWithPrettierConfig(config: object): Promise<string> {
  const root = await tempDir();
  await writeFile(join(root, '.prettierrc.json'), JSON.stringify(config));
  return root;
}

describe('formatChanges', () => {
  it("formats changed files with the host's prettier config", async () => {
    const root = await hostWithPrettierConfig({ semi: false, singleQuote: true, tabWidth: 4 });
    const tree = new Tree(root);
    tree.create('app/model.ts', 'export const  a = "x";\nexport function f() {\nreturn 1;\n}\n');
    await formatChanges(tree, () => undefined);
    expect(tree.read('app/model.ts')).toBe(
      "export const a = 'x'\nexport function f() {\n    return 1\n}\n",
    );
  });

  it('uses another host config for another host', async () => {
    const root = await hostWithPrettierConfig({ semi: true, singleQuote: false });
    const tree = new Tree(root);
    tree.create('app/model.ts', "export const a = 'x'\n");
    await formatChanges(tree, () => undefined);
    expect(tree.read('app/model.ts')).toBe('export const a = "x";\n');
  });

  it('formats only changed files, and leaves files prettier does not know or ignores', async () => {
    const root = await hostWithPrettierConfig({ semi: false });
    await writeFile(join(root, 'untouched.ts'), 'export const   untouched = 1;\n');
    await writeFile(join(root, '.prettierignore'), 'app/ignored.ts\n');
    const tree = new Tree(root);
    tree.create('notes.unknown-ext', 'kept   as   is\n');
    tree.create('app/ignored.ts', 'export const   ignored = 1;\n');
    await formatChanges(tree, () => undefined);
    expect(tree.read('notes.unknown-ext')).toBe('kept   as   is\n');
    expect(tree.read('app/ignored.ts')).toBe('export const   ignored = 1;\n');
    expect(tree.read('untouched.ts')).toBe('export const   untouched = 1;\n');
    expect(tree.changes().map((change) => change.path)).toEqual([
      'app/ignored.ts',
      'notes.unknown-ext',
    ]);
  });

  it('warns about a file it cannot format and leaves it as generated', async () => {
    const root = await hostWithPrettierConfig({});
    const tree = new Tree(root);
    tree.create('app/broken.ts', 'export const = ;\n');
    const warnings: string[] = [];
    await formatChanges(tree, (message) => warnings.push(message));
    expect(warnings).toEqual([
      expect.stringContaining('could not format app/broken.ts, left as generated'),
    ]);
    expect(tree.read('app/broken.ts')).toBe('export const = ;\n');
  });

  describe('template output (written in TEMPLATE_STYLE)', () => {
    // Text prettier would change, so a skipped file shows: templates are formatted already.
    const rendered = 'export const  a = "x";\n';
    const long = `export const a = [${'"x", '.repeat(25)}];\n`;

    it('is left as rendered on a host in that style, when every line fits', async () => {
      const root = await hostWithPrettierConfig(TEMPLATE_STYLE);
      const tree = new Tree(root);
      tree.create('app/rendered.ts', rendered);
      tree.create('app/patched.ts', rendered);
      await formatChanges(tree, () => undefined, new Set(['app/rendered.ts']));
      expect(tree.read('app/rendered.ts')).toBe(rendered);
      expect(tree.read('app/patched.ts')).toBe("export const a = 'x';\n");
    });

    it('is formatted when a line is wider than the style, or the host has another style', async () => {
      const inStyle = new Tree(await hostWithPrettierConfig(TEMPLATE_STYLE));
      inStyle.create('app/long.ts', long);
      await formatChanges(inStyle, () => undefined, new Set(['app/long.ts']));
      expect(inStyle.read('app/long.ts')).not.toBe(long);

      const other = new Tree(await hostWithPrettierConfig({ ...TEMPLATE_STYLE, semi: false }));
      other.create('app/rendered.ts', rendered);
      await formatChanges(other, () => undefined, new Set(['app/rendered.ts']));
      expect(other.read('app/rendered.ts')).toBe("export const a = 'x'\n");
    });
  });
});
