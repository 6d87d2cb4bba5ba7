import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, runtimeCopy } from '../support/runtime-copy.ts';
import { snapshot } from '../support/host.ts';

describe('geo-gen replicable on a real host', () => {
  it('refuses a data type whose replicator or tables the host already has, writing nothing', async () => {
    const copy = await runtimeCopy();
    onTestFinished(copy.remove);
    const before = await snapshot(copy.root);
    const result = await runMain(
      ['replicable', 'PackageFile', '--strategy', 'blob', '--yes', '--dry-run'],
      {
        cwd: copy.root,
        seams: { templatesDir: REAL_TEMPLATES, patches: undefined },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'cannot generate PackageFile: the host already has a replicator PackageFileReplicator',
    );
    expect(result.stderr).toContain('a registry table package_file_registry');
    expect(await snapshot(copy.root)).toEqual(before);
  });

  it('finds a replicator wherever it is declared, through a base class of the host', async () => {
    const copy = await runtimeCopy();
    onTestFinished(copy.remove);
    await mkdir(join(copy.root, 'app/custom'), { recursive: true });
    await writeFile(
      join(copy.root, 'app/custom/base.ts'),
      "import { BlobReplicator } from 'geo-runtime';\n" +
        'export abstract class HostBlobReplicator extends BlobReplicator<never> {}\n',
    );
    await writeFile(
      join(copy.root, 'app/custom/gadgets.ts'),
      "import { HostBlobReplicator } from './base.ts';\n" +
        'export class CoolWidgetReplicator extends HostBlobReplicator {}\n',
    );
    const result = await runMain(
      ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes', '--dry-run'],
      { cwd: copy.root, seams: { templatesDir: REAL_TEMPLATES, patches: undefined } },
    );
    expect(result.stderr).toContain('the host already has a replicator CoolWidgetReplicator');
    expect(result.code).toBe(1);
  });

  it('refuses nothing for names the host only mentions, in a comment or a test double', async () => {
    const copy = await runtimeCopy();
    onTestFinished(copy.remove);
    await writeFile(
      join(copy.root, 'app/notes.ts'),
      '// CoolWidgetReplicator and the cool_widgets table come later.\nexport {};\n',
    );
    await writeFile(
      join(copy.root, 'app/cool-widget-double.test.ts'),
      "import { BlobReplicator } from 'geo-runtime';\n" +
        'export class CoolWidgetReplicator extends BlobReplicator<never> {}\n',
    );
    const result = await runMain(
      ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes', '--dry-run'],
      { cwd: copy.root, seams: { templatesDir: REAL_TEMPLATES, patches: undefined } },
    );
    expect(result.stderr).not.toContain('already has');
    expect(result.code).toBe(0);
  });
});
