import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INIT_TEMPLATES } from '../../src/commands/init/artefacts.ts';
import { RUNTIME } from '../support/runtime-copy.ts';

/** A document up to its table's header, cells without their padding: what rows do not change. */
async function withoutRows(path: string): Promise<string> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const separator = lines.findIndex((line) => /^\|\s*-/.test(line));
  return lines
    .slice(0, separator + 1)
    .map((line) => (line.startsWith('|') ? line.replace(/ +/g, ' ').replace(/-+/g, '-') : line))
    .join('\n');
}

describe("geo-gen init's docs", () => {
  it.each([
    ['data-types.md', 'docs/data-types.md'],
    ['geo-nodes.md', 'docs/api/geo-nodes.md'],
    ['metrics.md', 'docs/monitoring/metrics.md'],
  ])("%s is the in-repository host's %s without its rows", async (template, doc) => {
    expect(await withoutRows(join(INIT_TEMPLATES, template))).toBe(
      await withoutRows(join(RUNTIME, doc)),
    );
  });
});
