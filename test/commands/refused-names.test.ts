import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES } from '../support/runtime-copy.ts';

const seams = { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES };

describe('geo-gen replicable with a name the generated code cannot carry', () => {
  it.each([
    ['Registry', '`Registry`, which shadows the `Registry` it imports from the runtime'],
    ['GeoSite', '`GeoSite`, which shadows the `GeoSite` it imports from the runtime'],
    ['Blob', '`BlobReplicator`, which shadows the `BlobReplicator` it imports from the runtime'],
    [
      'Replicator',
      '`Replicator`, a name the runtime exports, so the two could not be imported together',
    ],
    [
      'LogCursor',
      '`LogCursor`, a name the runtime exports, so the two could not be imported together',
    ],
  ])('refuses %s with the reason, exit 1, writing nothing', async (name, reason) => {
    const host = await hostCopy();
    const before = await listing(host);
    const result = await runMain(['replicable', name, '--strategy', 'blob', '--yes'], {
      cwd: host,
      seams,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `cannot use "${name}" as a data type name: the generated code would declare ${reason}.`,
    );
    expect(result.stdout).toBe('');
    expect(await listing(host)).toEqual(before);
  });
});
