import { readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode, SOURCE_NODE_ARGS } from './support/child.ts';
import { entryPrefix } from '../src/compile-cache.ts';
import { tempDir } from './support/host.ts';
import { REPO_ROOT } from './support/runtime-copy.ts';

/** A process that turns the cache on, then loads ts-morph and parses with its TypeScript. */
const LOAD_TS_MORPH = `
const { enableCompileCache } = await import('#compile-cache');
enableCompileCache(process.env.CACHE_DIR);
const { createRequire } = await import('node:module');
const { ts } = createRequire(import.meta.url)('ts-morph');
const source = ts.createSourceFile('a.ts', 'export const a: number = 1;', ts.ScriptTarget.ESNext);
console.log(source.statements.length);
`;

describe('enableCompileCache', () => {
  it('keeps compiled code between runs, and the cached modules work as loaded', async () => {
    const cache = await tempDir();
    const run = () =>
      runNode([...SOURCE_NODE_ARGS, '--input-type=module', '-e', LOAD_TS_MORPH], {
        cwd: REPO_ROOT,
        env: { CACHE_DIR: cache },
      });
    const first = await run();
    expect(first.stdout, first.stderr).toBe('1\n');
    expect((await readdir(cache, { recursive: true })).length).toBeGreaterThan(0);
    const second = await run();
    expect(second.stdout, second.stderr).toBe('1\n');
  });

  // Node 22 keeps its own cache, which this is not.
  it.runIf(process.versions.node.startsWith('20.'))(
    "replaces a file's entries compiled from another version of it",
    async () => {
      const cache = await tempDir();
      const typescript = createRequire(
        join(REPO_ROOT, 'node_modules/ts-morph/package.json'),
      ).resolve('@ts-morph/common/dist/typescript.js');
      const stale = `${entryPrefix(typescript)}-1-1-1-v20.0.0-x64.bin`;
      await writeFile(join(cache, stale), 'compiled from another typescript.js');
      const result = await runNode(
        [...SOURCE_NODE_ARGS, '--input-type=module', '-e', LOAD_TS_MORPH],
        {
          cwd: REPO_ROOT,
          env: { CACHE_DIR: cache },
        },
      );
      expect(result.stdout, result.stderr).toBe('1\n');
      const entries = await readdir(cache);
      expect(entries).not.toContain(stale);
      expect(
        entries.filter((entry) => entry.startsWith(`${entryPrefix(typescript)}-`)),
      ).toHaveLength(1);
    },
  );
});
