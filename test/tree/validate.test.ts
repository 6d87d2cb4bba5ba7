import { describe, expect, it } from 'vitest';
import { InvalidOutputError } from '../../src/tree/errors.ts';
import { validateChanges } from '../../src/tree/validate.ts';
import { Tree } from '../../src/tree/tree.ts';
import { tempDir } from '../support/host.ts';

describe('validateChanges', () => {
  it('accepts code that parses, whatever its types', async () => {
    const tree = new Tree(await tempDir());
    tree.create('a.ts', "import { Nope } from './missing.ts';\nexport const x: Nope = 1;\n");
    tree.create('b.tsx', 'export const el = <div>{1}</div>;\n');
    tree.create('c.json', '{ "ok": true }\n');
    await expect(validateChanges(tree)).resolves.toBeUndefined();
  });

  it('refuses the whole change, naming each file and position that does not parse', async () => {
    const tree = new Tree(await tempDir());
    tree.create('app/fine.ts', 'export const fine = 1;\n');
    tree.create('app/replicators/broken.ts', 'export const a = 1;\nexport const = 2;\n');
    tree.create('config/broken.json', '{ "a": }');
    const error: unknown = await validateChanges(tree).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidOutputError);
    expect(error).toMatchObject({
      problems: [
        {
          path: 'app/replicators/broken.ts',
          line: 2,
          column: 14,
          message: expect.stringContaining('expected'),
        },
        { path: 'config/broken.json', line: 1, column: 1, message: expect.any(String) },
      ],
    });
    expect(String(error)).toContain('nothing was written');
    expect(String(error)).toContain('app/replicators/broken.ts:2:14');
  });

  it('checks JavaScript files as JavaScript, in the order of the change list', async () => {
    const tree = new Tree(await tempDir());
    tree.create('b.json', '{');
    tree.create('a.mjs', 'export const typed: number = 1;\n');
    tree.create('c.cts', 'export const typed: number = 1;\n');
    const error: unknown = await validateChanges(tree).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      problems: [
        { path: 'a.mjs', line: 1, column: 21, message: expect.stringContaining('TypeScript') },
        { path: 'b.json' },
      ],
    });
  });
});
