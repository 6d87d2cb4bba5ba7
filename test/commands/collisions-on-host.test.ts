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
});
