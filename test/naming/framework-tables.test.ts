import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { FRAMEWORK_TABLES } from '../../src/naming/framework-tables.ts';
import { hostCopy } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, RUNTIME } from '../support/runtime-copy.ts';

/** The tables the framework's migrations of `target` create (`.createTable('name')`). */
async function createdBy(target: 'main' | 'tracking'): Promise<string[]> {
  const folder = join(RUNTIME, 'src', 'db', 'schema', target);
  const tables = new Set<string>();
  for (const file of await readdir(folder)) {
    const text = await readFile(join(folder, file), 'utf8');
    for (const match of text.matchAll(/\.createTable\('(\w+)'\)/g)) tables.add(match[1] ?? '');
  }
  return [...tables].sort();
}

describe("the framework's tables a data type may not take", () => {
  it('are the ones runtime/src/db/schema creates (update src/naming/framework-tables.ts)', async () => {
    expect([...FRAMEWORK_TABLES.main].sort()).toEqual(await createdBy('main'));
    expect([...FRAMEWORK_TABLES.tracking].sort()).toEqual(await createdBy('tracking'));
  });
});

describe('geo-gen replicable', () => {
  it("refuses a data type whose table the framework's migrations create", async () => {
    const host = await hostCopy();
    const refused = await runMain(['replicable', 'GeoNodeStatus', '--strategy', 'blob', '--yes'], {
      cwd: host,
      seams: { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES },
    });
    expect(refused.stderr).toContain('a table geo_node_statuses');
    expect(refused.code).toBe(1);
  });
});
