import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  fitsWidth,
  isTemplateStyle,
  STYLE_REFERENCE,
  TEMPLATE_STYLE,
} from '../../src/templates/style.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, runtimeCopy } from '../support/runtime-copy.ts';

/** Names short, as long as the reference and long (lines too wide), for every layout of a type. */
const VARIANTS = [
  ['Pin', 'blob', 'inline'],
  ['Cog', 'blob', 'separate'],
  ['Nut', 'repository', 'inline'],
  ['Gem', 'repository', 'separate'],
  // As long as the reference in every form: the shortest names whose output is not formatted.
  ['CoolWidget', 'blob', 'inline'],
  ['WarmGadget', 'blob', 'separate'],
  ['BlueBucket', 'repository', 'inline'],
  ['PinkRocket', 'repository', 'separate'],
  ['VeryLongReplicableDataTypeNameForTestingA', 'blob', 'inline'],
  ['VeryLongReplicableDataTypeNameForTestingB', 'blob', 'separate'],
  ['VeryLongReplicableDataTypeNameForTestingC', 'repository', 'inline'],
  ['VeryLongReplicableDataTypeNameForTestingD', 'repository', 'separate'],
] as const;

describe('the templates, written in TEMPLATE_STYLE', () => {
  // geo-gen skips prettier on rendered files that fit the width, for names as long as the
  // reference's (formatChanges, rendersInStyle): every file it writes must still be formatted.
  it('leave every file geo-gen writes formatted, for any name and layout', async () => {
    const copy = await runtimeCopy();
    onTestFinished(copy.remove);
    const prettier = await import('prettier');
    const config = await prettier.resolveConfig(join(copy.root, 'app/models/model.ts'));
    expect(isTemplateStyle(config ?? {}), 'the host formats as the templates are written').toBe(
      true,
    );

    const written = new Set<string>();
    const tooWide: string[] = [];
    for (const [name, strategy, verification] of VARIANTS) {
      const argv = ['replicable', name, '--strategy', strategy, '--yes', '--json'];
      const result = await runMain([...argv, '--verification-table', verification], {
        cwd: copy.root,
        seams: { templatesDir: REAL_TEMPLATES, patches: undefined },
      });
      expect(result.code, result.stderr).toBe(0);
      const summary: unknown = JSON.parse(result.stdout);
      for (const path of writtenPaths(summary)) written.add(path);
      // For names as long as the reference, no created file is left for prettier to format.
      if (name.length !== STYLE_REFERENCE.name.length) continue;
      for (const path of writtenPaths(summary, ['created'])) {
        if (!fitsWidth(await readFile(join(copy.root, path), 'utf8'), TEMPLATE_STYLE.printWidth)) {
          tooWide.push(path);
        }
      }
    }

    const unformatted: string[] = [];
    for (const path of written) {
      const file = join(copy.root, path);
      const text = await readFile(file, 'utf8');
      const formatted = await prettier.format(text, { ...TEMPLATE_STYLE, filepath: file });
      if (formatted !== text) unformatted.push(path);
    }
    expect(unformatted).toEqual([]);
    expect(tooWide).toEqual([]);
    expect(written.size).toBeGreaterThan(12 * 20);
  }, 600_000);
});

/** The created and updated paths of a `--json` summary. */
function writtenPaths(summary: unknown, keys = ['created', 'updated']): string[] {
  if (typeof summary !== 'object' || summary === null) return [];
  return keys.flatMap((key) => {
    const paths: unknown = Reflect.get(summary, key);
    return Array.isArray(paths)
      ? paths.filter((path): path is string => typeof path === 'string')
      : [];
  });
}
