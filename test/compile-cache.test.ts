import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runNode, SOURCE_NODE_ARGS } from './support/child.ts';
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
});
