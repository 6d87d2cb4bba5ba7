import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { formatChanges } from '../../src/tree/format.ts';
import { changedTable } from '../../src/tree/markdown-table.ts';
import { Tree } from '../../src/tree/tree.ts';
import { tempDir } from '../support/host.ts';
import { REPO_ROOT } from '../support/runtime-copy.ts';

const PAGE = `# Metrics

Some   prose the user   wrote.

| Metric | Type |
| --- | --- |
| \`geo_a\` | Gauge |

More prose.
`;

const WITH_ROW = PAGE.replace('| `geo_a` | Gauge |', '| `geo_a` | Gauge |\n| `geo_bb` | Counter |');

describe('changedTable', () => {
  it('splits a page around the table a row was added to', () => {
    const split = changedTable(PAGE, WITH_ROW);
    expect(split?.table).toBe(
      '| Metric | Type |\n| --- | --- |\n| `geo_a` | Gauge |\n| `geo_bb` | Counter |\n',
    );
    expect(`${split?.before}${split?.table}${split?.after}`).toBe(WITH_ROW);
  });

  it('splits at the start and the end of the file too', () => {
    const table = '| A |\n| - |\n| 1 |';
    const split = changedTable(`${table}\n`, `${table}\n| 2 |`);
    expect(split).toEqual({ before: '', table: `${table}\n| 2 |\n`, after: '' });
  });

  it('does not split off what prettier must format with the page', () => {
    const cases: [string, string][] = [
      // a change outside any table
      [PAGE, PAGE.replace('More prose.', 'More   prose.')],
      // link references resolve against the whole page
      [PAGE, WITH_ROW.replace('`geo_bb`', '[geo_bb][ref]')],
      // a table in a fenced code block is code
      [`\`\`\`md\n${PAGE}\`\`\`\n`, `\`\`\`md\n${WITH_ROW}\`\`\`\n`],
      // a table in a list item
      [PAGE.replace(/^\|/gm, '  |'), WITH_ROW.replace(/^\|/gm, '  |')],
      // two tables changed
      [`${PAGE}\n${PAGE}`, `${WITH_ROW}\n${WITH_ROW}`],
    ];
    for (const [before, after] of cases) expect(changedTable(before, after)).toBeUndefined();
  });
});

describe('formatChanges on Markdown', () => {
  async function updated(before: string, after: string): Promise<string | undefined> {
    const root = await tempDir();
    await writeFile(join(root, 'page.md'), before);
    const tree = new Tree(root);
    tree.write('page.md', after);
    await formatChanges(tree, () => undefined);
    return tree.read('page.md');
  }

  it("aligns the table that gained a row and leaves the rest of the user's page as written", async () => {
    expect(await updated(PAGE, WITH_ROW)).toBe(
      PAGE.replace(
        '| Metric | Type |\n| --- | --- |\n| `geo_a` | Gauge |',
        '| Metric   | Type    |\n| -------- | ------- |\n| `geo_a`  | Gauge   |\n| `geo_bb` | Counter |',
      ),
    );
  });

  it('gives what prettier gives for the whole page, on the docs geo-gen patches', async () => {
    for (const doc of ['docs/api/geo-nodes.md', 'docs/monitoring/metrics.md']) {
      const page = await readFile(join(REPO_ROOT, 'runtime', doc), 'utf8');
      // A row more in the first table: the one geo-gen patches (metrics.md has another after it).
      const lines = page.split('\n');
      const first = lines.findIndex((line) => line.startsWith('| `'));
      const after = lines.findIndex((line, index) => index > first && !line.startsWith('|'));
      const last = lines[(after === -1 ? lines.length : after) - 1] ?? '';
      const cells = last.split('|');
      cells[1] = ' `a_much_longer_name_than_any_other_in_these_tables` ';
      const added = page.replace(last, `${last}\n${cells.join('|')}`);
      const whole = await prettier.format(added, { filepath: doc, proseWrap: 'preserve' });
      expect(whole, doc).not.toBe(added);
      expect(await updated(page, added), doc).toBe(whole);
    }
  });
});
