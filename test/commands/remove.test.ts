import { appendFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES } from '../support/runtime-copy.ts';

/** The shipped templates and host-list patches: the round trip must undo exactly what users get. */
const seams = { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES };
const run = (argv: string[], host: string) => runMain(argv, { cwd: host, seams });

async function generate(host: string, ...argv: string[]): Promise<void> {
  const strategy = argv.includes('--strategy') ? [] : ['--strategy', 'blob'];
  const result = await run(['replicable', ...argv, ...strategy, '--yes'], host);
  expect(result.stderr).toContain('wrote ');
  expect(result.code).toBe(0);
}

describe('geo-gen remove', () => {
  it('round trip: replicable then remove leaves the host byte for byte as it was', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    await generate(host, 'CoolWidget');
    expect(await listing(host)).not.toEqual(before);

    const { code, stdout, stderr } = await run(['remove', 'CoolWidget'], host);
    expect(code).toBe(0);
    expect(stdout).toContain('DELETE app/replicators/cool-widget-replicator.ts\n');
    expect(stdout).toMatch(/^DELETE db\/geo\/migrate\/\d{14}_create_cool_widget_registry\.ts$/m);
    expect(stdout).toContain('UPDATE app/replicator-classes.ts\n');
    expect(stderr).toContain(
      'removed CoolWidget: deleted 22 generated files and took it out of 5 patched files\n',
    );
    expect(stderr).not.toContain('kept');
    expect(await listing(host)).toEqual(before);
    expect((await run(['check'], host)).code).toBe(0);
  });

  it('round trip for a released repository data type whose model geo-gen created', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    await generate(host, 'Gizmo', '--strategy', 'repository');
    expect((await run(['release', 'Gizmo'], host)).code).toBe(0);

    const { code, stdout, stderr } = await run(['remove', 'Gizmo'], host);
    expect(code).toBe(0);
    expect(stdout).toContain('DELETE app/models/gizmo.ts\n');
    expect(stdout).toMatch(/^DELETE db\/migrate\/\d{14}_create_gizmos\.ts$/m);
    expect(stderr).toContain(
      'removed Gizmo: deleted 21 generated files and took it out of 6 patched files\n',
    );
    expect(stderr).not.toContain('kept');
    expect(await listing(host)).toEqual(before);
  });

  it('tells a repository data type from its files once its replicator is gone', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    await generate(host, 'Gizmo', '--strategy', 'repository');
    await rm(join(host, 'app/replicators/gizmo-replicator.ts'));

    const { code, stderr } = await run(['remove', 'Gizmo'], host);
    expect(code).toBe(0);
    expect(stderr).not.toContain('kept');
    expect(await listing(host)).toEqual(before);
  });

  it('round trip with a declared plural and the separate verification table, pruning new folders', async () => {
    const host = await hostCopy();
    await rm(join(host, 'app/finders'), { recursive: true }); // so the generator creates the folder
    const before = await listing(host);
    await generate(host, 'Cactus', '--plural', 'Cactuses', '--verification-table', 'separate');
    expect(await readFile(join(host, 'app/replicators/cactus-replicator.ts'), 'utf8')).toContain(
      "return 'cactuses';",
    );

    const { code, stdout } = await run(['remove', 'cactus'], host);
    expect(code).toBe(0);
    expect(stdout).toContain('DELETE app/models/cactus-state.ts\n');
    expect(await listing(host)).toEqual(before);
  });

  it('takes files geo-gen release changed for its own, so a released type goes without --force', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    await generate(host, 'CoolWidget');
    expect((await run(['release', 'CoolWidget'], host)).code).toBe(0);
    const { code, stderr } = await run(['remove', 'CoolWidget'], host);
    expect(code).toBe(0);
    expect(stderr).not.toContain('kept');
    expect(stderr).toContain('  docs/data-types.md: removed the Cool Widgets rows\n');
    expect(await listing(host)).toEqual(before);
  });

  it('keeps and reports a generated file changed since, and deletes it with --force', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    await generate(host, 'CoolWidget');
    const registry = join(host, 'app/registries/cool-widget-registry.ts');
    await appendFile(registry, '\n// Hand-written: archived widgets are not replicated.\n');

    const kept = await run(['remove', 'CoolWidget'], host);
    expect(kept.code).toBe(0);
    expect(kept.stdout).not.toContain('app/registries/cool-widget-registry.ts');
    expect(kept.stderr).toContain(
      'kept app/registries/cool-widget-registry.ts: changed since geo-gen generated it; pass --force to delete it too\n',
    );
    expect(kept.stderr).toContain(
      'note: app/registries/cool-widget-registry.ts (kept) imports app/models/cool-widget.ts, now deleted; fix or delete it\n',
    );
    expect(await readFile(registry, 'utf8')).toContain('// Hand-written');
    const left = Object.keys(await listing(host)).filter((path) => !(path in before));
    expect(left).toEqual(['app/registries/cool-widget-registry.ts']);

    const forced = await run(['remove', 'CoolWidget', '--force'], host);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe('DELETE app/registries/cool-widget-registry.ts\n');
    expect(await listing(host)).toEqual(before);
  });

  it('never deletes a model it cannot tell it generated, nor that model’s uploader, even with --force', async () => {
    const host = await hostCopy();
    await appendFile(
      join(host, 'app/models/package-file.ts'),
      '\n// Owned by the packages team.\n',
    );
    const { code, stdout, stderr } = await run(['remove', 'PackageFile', '--force'], host);
    expect(code).toBe(0);
    for (const path of ['app/models/package-file.ts', 'app/uploaders/package-file-uploader.ts']) {
      expect(stdout).not.toContain(path);
    }
    expect(stdout).toContain('DELETE app/replicators/package-file-replicator.ts\n');
    expect(stderr).toMatch(
      /kept app\/models\/package-file\.test\.ts, .*app\/uploaders\/package-file-uploader\.ts, db\/migrate\/20261126000000_create_package_files\.ts: the model is not the one geo-gen generates/,
    );
  });

  it('--dry-run --json lists the plan as one object and writes nothing', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    const { code, stdout, stderr } = await run(
      ['remove', 'PackageFile', '--dry-run', '--json'],
      host,
    );
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { created: string[]; updated: string[]; deleted: string[] };
    expect(stdout).toBe(`${JSON.stringify(plan)}\n`);
    expect(plan.created).toEqual([]);
    expect(plan.updated).toEqual([
      'app/geo-node-status.test.ts',
      'app/graphql/geo-node-registry-fields.ts',
      'app/replicator-classes.ts',
      'docs/api/geo-nodes.md',
      'docs/data-types.md',
      'docs/monitoring/metrics.md',
    ]);
    expect(plan.deleted).toHaveLength(22);
    expect(stderr).toContain('removing PackageFile would delete 22 generated files');
    expect(await listing(host)).toEqual(before);
  });

  it('says so when there is nothing of that data type', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    const { code, stdout, stderr } = await run(['remove', 'Gadget'], host);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`nothing of Gadget found in ${host}`);
    expect(await listing(host)).toEqual(before);
  });

  it('refuses a bad name before looking at anything', async () => {
    const { code, stderr } = await run(['remove', '../Widget'], await hostCopy());
    expect(code).toBe(1);
    expect(stderr).toContain('cannot use "../Widget" as a data type name');
  });
});
