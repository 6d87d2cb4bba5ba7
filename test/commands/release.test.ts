import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES } from '../support/runtime-copy.ts';

const read = (host: string, path: string) => readFile(join(host, path), 'utf8');

const RELEASED_FILES = [
  'app/graphql/geo-node-registry-fields.ts',
  'app/replicators/package-file-replicator.ts',
  'config/feature_flags/development/geo_package_file_replication.yml',
  'docs/data-types.md',
];

describe('geo-gen release', () => {
  it('does the Release section, and a second run changes nothing and says so', async () => {
    const host = await hostCopy();
    const first = await runMain(['release', 'PackageFile'], { cwd: host });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(RELEASED_FILES.map((path) => `UPDATE ${path}\n`).join(''));
    expect(first.stderr).toContain('released PackageFile:\n');

    expect(
      await read(host, 'config/feature_flags/development/geo_package_file_replication.yml'),
    ).toContain('\ndefault_enabled: true\n');
    const replicator = await read(host, 'app/replicators/package-file-replicator.ts');
    expect(replicator).not.toContain('replicationEnabledByDefault');
    expect(replicator).not.toContain('Off while replication');
    expect(replicator).toContain(
      "    return PackageFileRegistry;\n  }\n\n  // The model's mounted uploader (the `carrierwave_uploader` of the original).\n  override uploaderFor(packageFile: PackageFile)",
    );
    const fields = await read(host, 'app/graphql/geo-node-registry-fields.ts');
    expect(fields).not.toContain("featureFlag: 'geo_package_file_replication'");
    expect(fields).toContain(
      "    description: 'Find Package File registries on this Geo node',\n  },\n  {\n",
    );
    expect(await read(host, 'docs/data-types.md')).toMatch(
      /^\| Package Files +\| `package_file` +\| blob +\| `geo_package_file_replication` +\| Released in 0\.1\.0 +\| Released in 0\.1\.0 +\|$/m,
    );

    const released = await listing(host);
    const second = await runMain(['release', 'package_file'], { cwd: host });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(
      `nothing to change in ${host}\nPackageFile is already released: nothing to change.\n`,
    );
    expect(await listing(host)).toEqual(released);
    expect((await runMain(['check'], { cwd: host })).code).toBe(0);
  });

  it('releases a repository data type: its replicator, flag, GraphQL field and docs row', async () => {
    const host = await hostCopy();
    const { code, stdout } = await runMain(['release', 'ProjectRepository'], { cwd: host });
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'app/graphql/geo-node-registry-fields.ts',
        'app/replicators/project-repository-replicator.ts',
        'config/feature_flags/development/geo_project_repository_replication.yml',
        'docs/data-types.md',
      ]
        .map((path) => `UPDATE ${path}\n`)
        .join(''),
    );
    expect(await read(host, 'app/replicators/project-repository-replicator.ts')).not.toContain(
      'replicationEnabledByDefault',
    );
    expect(await read(host, 'docs/data-types.md')).toMatch(
      /^\| Project Repositories \| `project_repository` \| repository \| `geo_project_repository_replication` \| Released in 0\.1\.0 +\| Released in 0\.1\.0 +\|$/m,
    );
    expect((await runMain(['check'], { cwd: host })).code).toBe(0);
  });

  it('says a new repository data type is one in the row it adds to the docs', async () => {
    const host = await hostCopy();
    const seams = { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES };
    const generated = await runMain(['replicable', 'Gizmo', '--strategy', 'repository', '--yes'], {
      cwd: host,
      seams,
    });
    expect(generated.code).toBe(0);
    expect((await runMain(['release', 'Gizmo'], { cwd: host })).code).toBe(0);
    expect(await read(host, 'docs/data-types.md')).toMatch(
      /^\| Gizmos +\| `gizmo` +\| repository +\| `geo_gizmo_replication` +\| Released in 0\.1\.0 /m,
    );
  });

  it('adds a row for a data type the docs do not list yet', async () => {
    const host = await hostCopy();
    const seams = { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES };
    expect(
      (
        await runMain(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], {
          cwd: host,
          seams,
        })
      ).code,
    ).toBe(0);
    const { code } = await runMain(['release', 'CoolWidget'], { cwd: host });
    expect(code).toBe(0);
    const docs = await read(host, 'docs/data-types.md');
    expect(docs).toMatch(
      /^\| Package Files +\| `package_file` .*\| Off by default, behind its feature flag \|$/m,
    );
    expect(docs).toMatch(
      /^\| Cool Widgets +\| `cool_widget` +\| blob +\| `geo_cool_widget_replication` +\| Released in 0\.1\.0 /m,
    );
  });

  it('--dry-run shows the diffs and writes nothing; --json prints one object', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    const dryRun = await runMain(['release', 'PackageFile', '--dry-run'], { cwd: host });
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('-default_enabled: false\n+default_enabled: true\n');
    expect(dryRun.stdout).toContain("-    featureFlag: 'geo_package_file_replication',\n");
    expect(dryRun.stderr).toContain('releasing PackageFile would do:\n  would  config/');
    expect(await listing(host)).toEqual(before);

    const json = await runMain(['release', 'PackageFile', '--dry-run', '--json'], { cwd: host });
    expect(JSON.parse(json.stdout)).toEqual({ created: [], updated: RELEASED_FILES });
  });

  it('says clearly when the host has no data types docs, and writes nothing', async () => {
    const host = await hostCopy();
    await rm(join(host, 'docs/data-types.md'));
    const before = await listing(host);
    const { code, stderr } = await runMain(['release', 'PackageFile'], { cwd: host });
    expect(code).toBe(1);
    expect(stderr).toContain('geo-gen: cannot release: docs/data-types.md does not exist');
    expect(stderr).toContain(
      '| Data type | Replicable | Strategy | Feature flag | Replication | Verification |',
    );
    expect(await listing(host)).toEqual(before);
  });

  it('refuses a data type the host has no replicator for', async () => {
    const host = await hostCopy();
    const { code, stderr } = await runMain(['release', 'CoolWidget'], { cwd: host });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'no class CoolWidgetReplicator extending a replicator of the runtime exists',
    );
  });

  it('refuses a missing name', async () => {
    const { code, stderr } = await runMain(['release'], { cwd: await hostCopy() });
    expect(code).toBe(1);
    expect(stderr).toContain("missing the data type's name: geo-gen release <Name>");
  });
});
