import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { alignedTable } from '../../src/tree/aligned-table.ts';
import { REPO_ROOT } from '../support/runtime-copy.ts';

const format = (table: string): Promise<string> => prettier.format(table, { parser: 'markdown' });

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cells as docs tables hold them… */
const PLAIN = [
  'gauge',
  'package files',
  '`geo_cool_widgets_checksummed`',
  '`a`',
  'primary; registries on a secondary',
  '(primary)',
  "it's",
  '"quoted"',
  'a/b=c',
  '1.',
  'x: y',
  '',
  '`a` `b`',
  '`a`, then',
];

/** …and some of what prettier rewrites (escapes, emphasis, spacing) or parses as more. */
const OTHER = [
  'snake_case',
  '*emphasis*',
  '_under_',
  '[link]',
  'a  b',
  '-lead',
  'http://example.com',
  'caf\u00e9',
  '<b>',
  'a & b',
  '~~gone~~',
];

function generatedTable(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const columns = 1 + Math.floor(next() * 4);
  const cell = (): string =>
    Array.from({ length: 1 + Math.floor(next() * 2) }, () => pick(next() < 0.05 ? OTHER : PLAIN))
      .join(' ')
      .trim();
  const row = (cells: readonly string[]): string =>
    `|${cells.map((text) => `${' '.repeat(Math.floor(next() * 3))}${text} `).join('|')}|`;
  const delimiter = Array.from({ length: columns }, () =>
    pick([':-', '---', '-:', ':-:', '-----']),
  );
  const body = Array.from({ length: Math.floor(next() * 5) }, () =>
    row(Array.from({ length: columns }, cell)),
  );
  return `${[row(Array.from({ length: columns }, cell)), row(delimiter), ...body].join('\n')}\n`;
}

describe('alignedTable', () => {
  it('aligns the docs tables geo-gen patches as prettier does, with a longer row added', async () => {
    for (const doc of ['docs/api/geo-nodes.md', 'docs/monitoring/metrics.md']) {
      const page = await readFile(join(REPO_ROOT, 'runtime', doc), 'utf8');
      // The first table: the one geo-gen patches (metrics.md has the framework's after it).
      const lines = page.split('\n');
      const start = lines.findIndex((line) => line.startsWith('|'));
      const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
      const rows = lines.slice(start, end === -1 ? undefined : end);
      const cells = (rows.at(-1) ?? '').split('|');
      cells[1] = ' `geo_a_name_longer_than_any_other_in_these_tables_count` ';
      const table = `${[...rows, cells.join('|')].join('\n')}\n`;
      const aligned = alignedTable(table);
      expect(aligned, doc).toBeDefined();
      expect(aligned, doc).not.toBe(table);
      expect(aligned, doc).toBe(await format(table));
    }
  });

  it('agrees with prettier on every generated table it aligns, and leaves it the others', async () => {
    const next = random(20261207);
    let aligned = 0;
    for (let index = 0; index < 600; index++) {
      const table = generatedTable(next);
      const ours = alignedTable(table);
      if (ours === undefined) continue;
      aligned++;
      expect(ours, table).toBe(await format(table));
    }
    // Both paths are exercised: plain tables are aligned here, the others left to prettier.
    expect(aligned).toBeGreaterThan(150);
    expect(aligned).toBeLessThan(550);
  });

  it('leaves to prettier what it would rewrite or parse otherwise', () => {
    for (const cell of ['*a*', 'snake_case', '[a]', 'a  b', '-a', 'http://x', 'café', 'a \\| b']) {
      expect(alignedTable(`| h |\n| - |\n| ${cell} |\n`), cell).toBeUndefined();
    }
    // a row with another number of cells
    expect(alignedTable('| a | b |\n| - | - |\n| 1 |\n')).toBeUndefined();
  });
});
