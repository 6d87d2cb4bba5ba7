import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { formatStandalone } from '../../src/tree/standalone-format.ts';

const repo = join(import.meta.dirname, '../..');

/** The host's TypeScript and Markdown files: the runtime's and the pinned copy's. */
async function hostFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const folder of ['runtime/app', 'runtime/db', 'runtime/docs', 'fixtures/pinned-host']) {
    const entries = await readdir(join(repo, folder), { withFileTypes: true, recursive: true });
    for (const entry of entries) {
      if (entry.isFile() && /\.(ts|md)$/.test(entry.name)) {
        files.push(join(entry.parentPath, entry.name));
      }
    }
  }
  return files.sort();
}

/** The text as found, with every indent dropped, and with short lines joined: work for prettier. */
function variants(text: string): string[] {
  return [
    text,
    text.replace(/^[ \t]+/gm, ''),
    text.replace(/,\n\s*/g, ', ').replace(/ {2,}\|/g, ' |'),
  ];
}

/** Another host's style, with options of other languages (ignored for these files). */
const OTHER_STYLE: prettier.Options = {
  semi: false,
  tabWidth: 4,
  printWidth: 60,
  proseWrap: 'always',
  arrowParens: 'avoid',
  htmlWhitespaceSensitivity: 'ignore',
};

describe('formatStandalone', () => {
  it("formats the host's files exactly as prettier's full entry does, or declines", async () => {
    const files = await hostFiles();
    let compared = 0;
    const different: string[] = [];
    for (const file of files) {
      const host = (await prettier.resolveConfig(file, { editorconfig: true })) ?? {};
      const parser = file.endsWith('.md') ? 'markdown' : 'typescript';
      for (const [index, text] of variants(await readFile(file, 'utf8')).entries()) {
        for (const config of [host, { ...host, ...OTHER_STYLE }]) {
          const fast = await formatStandalone(text, file, parser, config).catch(() => 'error');
          if (fast === undefined) continue;
          const full = await prettier
            .format(text, { ...config, filepath: file })
            .catch(() => 'error');
          compared++;
          if (fast !== full) different.push(`${relative(repo, file)} (variant ${index})`);
        }
      }
    }
    expect(different).toEqual([]);
    expect(compared).toBeGreaterThan(files.length * 2);
  }, 600_000);

  it('declines text with embedded code, which needs other plugins', async () => {
    const file = join(repo, 'runtime/app/example.ts');
    const options = { singleQuote: true };
    expect(await formatStandalone('const q = gql`{ a }`;\n', file, 'typescript', options)).toBe(
      undefined,
    );
    expect(await formatStandalone('const a = 1;\n', file, 'typescript', options)).toBe(
      'const a = 1;\n',
    );
    const doc = join(repo, 'runtime/docs/example.md');
    expect(await formatStandalone('# A\n\n```ts\nconst a=1\n```\n', doc, 'markdown', {})).toBe(
      undefined,
    );
    expect(await formatStandalone('---\ntitle: a\n---\n\n# A\n', doc, 'markdown', {})).toBe(
      undefined,
    );
    expect(await formatStandalone('# A\n', doc, 'markdown', {})).toBe('# A\n');
  });

  it("declines another parser and the host's own plugins", async () => {
    const file = join(repo, 'runtime/app/example.json');
    expect(await formatStandalone('{"a":1}', file, 'json', {})).toBe(undefined);
    const ts = join(repo, 'runtime/app/example.ts');
    expect(
      await formatStandalone('const a = 1;\n', ts, 'typescript', { plugins: ['some-plugin'] }),
    ).toBe(undefined);
  });
});
