import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dryRunReport, jsonSummary } from '../../src/tree/report.ts';
import { Tree } from '../../src/tree/tree.ts';
import { tempDir } from '../support/host.ts';

async function plannedTree(): Promise<Tree> {
  const root = await tempDir();
  await writeFile(join(root, 'list.ts'), "export const LIST = [\n  'A',\n  'B',\n];\n");
  await writeFile(join(root, 'old.ts'), 'old\n');
  const tree = new Tree(root);
  tree.create('app/new.ts', 'export const n = 1;\n');
  tree.write('list.ts', "export const LIST = [\n  'A',\n  'B',\n  'C',\n];\n");
  tree.delete('old.ts');
  return tree;
}

describe('dry-run report', () => {
  it('lists each change, then a unified diff of each updated file', async () => {
    const report = await dryRunReport((await plannedTree()).changes());
    expect(report).toBe(
      'CREATE app/new.ts\n' +
        'UPDATE list.ts\n' +
        'DELETE old.ts\n' +
        '\n' +
        '===================================================================\n' +
        '--- a/list.ts\n' +
        '+++ b/list.ts\n' +
        '@@ -1,4 +1,5 @@\n' +
        ' export const LIST = [\n' +
        "   'A',\n" +
        "   'B',\n" +
        "+  'C',\n" +
        ' ];\n',
    );
  });

  it('says a binary file differs instead of printing it', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0, 1]));
    const tree = new Tree(root);
    tree.write('logo.png', Buffer.from([0x89, 0x50, 0, 2]));
    expect(await dryRunReport(tree.changes())).toBe(
      'UPDATE logo.png\n\nBinary file logo.png differs\n',
    );
  });
});

describe('json summary', () => {
  it('gives the created and updated paths relative to the root, and deletions only if any', async () => {
    expect(jsonSummary((await plannedTree()).changes())).toEqual({
      created: ['app/new.ts'],
      updated: ['list.ts'],
      deleted: ['old.ts'],
    });
    expect(jsonSummary([])).toEqual({ created: [], updated: [] });
  });
});
