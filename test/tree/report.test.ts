import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI } from '../../src/colour.ts';
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

  it('on a terminal, colours each kind of change and the diff: + green, - red', async () => {
    const tree = await plannedTree();
    tree.write('list.ts', "export const LIST = [\n  'A',\n  'C',\n];\n");
    const report = await dryRunReport(tree.changes(), ANSI);
    expect(report.split('\n')).toEqual([
      '\u001b[32mCREATE\u001b[39m app/new.ts',
      '\u001b[33mUPDATE\u001b[39m list.ts',
      '\u001b[31mDELETE\u001b[39m old.ts',
      '',
      '\u001b[1m===================================================================\u001b[22m',
      '\u001b[1m--- a/list.ts\u001b[22m',
      '\u001b[1m+++ b/list.ts\u001b[22m',
      '\u001b[36m@@ -1,4 +1,4 @@\u001b[39m',
      ' export const LIST = [',
      "   'A',",
      "\u001b[31m-  'B',\u001b[39m",
      "\u001b[32m+  'C',\u001b[39m",
      ' ];',
      '',
    ]);
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
