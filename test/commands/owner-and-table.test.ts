import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES } from '../support/runtime-copy.ts';

/** The shipped templates and host-list patches, as users get them. */
const seams = { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES };
const run = (argv: readonly string[], host: string) => runMain(argv, { cwd: host, seams });

async function generate(host: string, ...argv: string[]): Promise<void> {
  const strategy = argv.includes('--strategy') ? [] : ['--strategy', 'blob'];
  const result = await run(['replicable', ...argv, ...strategy, '--yes'], host);
  expect(result.stderr).toContain('wrote ');
  expect(result.code).toBe(0);
}

const read = (host: string, path: string) => readFile(join(host, path), 'utf8');

/** The text of the one migration of `folder` whose name ends with `suffix`. */
async function migration(host: string, folder: string, suffix: string): Promise<string> {
  const files = (await readdir(join(host, folder))).filter((file) => file.endsWith(suffix));
  expect(files).toHaveLength(1);
  return read(host, join(folder, files[0] ?? ''));
}

/** Every file a data type's model folder and factory give, concatenated. */
async function modelFiles(host: string, fileName: string, table: string): Promise<string> {
  return [
    await read(host, `app/models/${fileName}.ts`),
    await read(host, `app/models/${fileName}.test.ts`),
    await read(host, `app/factories/${fileName}-factory.ts`),
    await migration(host, 'db/migrate', `_create_${table}.ts`),
  ].join('\n');
}

describe('geo-gen replicable --owner', () => {
  it('namespace: the record has a namespace_id and follows its namespace under selective sync', async () => {
    const host = await hostCopy();
    await generate(host, 'Widget', '--owner', 'namespace');

    const model = await read(host, 'app/models/widget.ts');
    expect(model).toContain('  namespace_id: number;\n');
    expect(model).toContain(".where(inSelectiveSyncNamespaces(site, 'widgets.namespace_id'))");
    expect(model).toContain('Decision: a widget belongs to a namespace (a group)');
    const table = await migration(host, 'db/migrate', '_create_widgets.ts');
    expect(table).toContain(
      ".addColumn('namespace_id', 'bigint', (col) =>\n      col.notNull().references('namespaces.id').onDelete('cascade'),",
    );
    expect(table).toContain(".createIndex('index_widgets_on_namespace_id')");
    const factory = await read(host, 'app/factories/widget-factory.ts');
    expect(factory).toContain(
      "import { defineBlobModelFactory, namespaceFactory } from 'geo-runtime/testing';",
    );
    expect(factory).toContain(
      'namespace_id: namespace_id ?? (await namespaceFactory.transient({ site }).create()).id,',
    );
    expect(await read(host, 'app/models/widget.test.ts')).toContain(
      "    factory: widgetFactory,\n    geo,\n    owner: 'namespace',\n  });",
    );
    expect(await modelFiles(host, 'widget', 'widgets')).not.toMatch(
      /project_id|projectFactory|inSelectiveSyncProjects/,
    );
  });

  it('none: the record has no owner column and every secondary holds it', async () => {
    const host = await hostCopy();
    await generate(host, 'Setting', '--owner', 'none');

    const model = await read(host, 'app/models/setting.ts');
    expect(model).toContain('Decision: a setting belongs to the instance');
    expect(model).toContain(".where(inReplicableStorage(site, 'settings.file_store'))");
    expect(model).not.toContain('inSelectiveSync');
    expect(await read(host, 'app/factories/setting-factory.ts')).toContain(
      "complete: async (_site, { file_name = 'setting.bin', ...rest }) => ({ ...rest, file_name }),",
    );
    expect(await read(host, 'app/models/setting.test.ts')).toContain(
      "    factory: settingFactory,\n    geo,\n    owner: 'none',\n  });",
    );
    // The replicator examples leave a record of the instance in every namespace selection.
    expect(await read(host, 'app/replicators/setting-replicator.test.ts')).toContain(
      "    owner: 'none' as const,\n",
    );
    const files = await modelFiles(host, 'setting', 'settings');
    expect(files).not.toMatch(/project_id|namespace_id|createIndex/);
  });

  it('namespace, for a repository (a group wiki): its namespace, and its own storage by shards', async () => {
    const host = await hostCopy();
    await generate(host, 'GroupWiki', '--strategy', 'repository', '--owner', 'namespace');
    const model = await read(host, 'app/models/group-wiki.ts');
    expect(model).toContain(
      "inSelectiveSyncRepositories(site, {\n          namespaceId: 'group_wikis.namespace_id',\n          repositoryStorage: 'group_wikis.repository_storage',",
    );
    expect(await read(host, 'app/factories/group-wiki-factory.ts')).toContain(
      "import { defineRepositoryModelFactory, namespaceFactory } from 'geo-runtime/testing';",
    );
  });

  it('none, for a repository: the instance under namespaces, its own storage by shards', async () => {
    const host = await hostCopy();
    await generate(host, 'Snippet', '--strategy', 'repository', '--owner', 'none');
    expect(await read(host, 'app/models/snippet.ts')).toContain(
      "inSelectiveSyncRepositories(site, {\n          instance: true,\n          repositoryStorage: 'snippets.repository_storage',",
    );
    expect(await modelFiles(host, 'snippet', 'snippets')).not.toMatch(/project_id|namespace_id/);
  });

  it('project is the default: the same files as without --owner', async () => {
    const implicit = await hostCopy();
    const explicit = await hostCopy();
    await generate(implicit, 'CoolWidget');
    await generate(explicit, 'CoolWidget', '--owner', 'project');
    const strip = (files: Record<string, string>) =>
      Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith('.geo-gen')));
    expect(strip(await listing(explicit))).toEqual(strip(await listing(implicit)));
  });

  it('refuses an unknown owner, listing the choices, and writes nothing', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    const { code, stderr } = await run(
      ['replicable', 'Widget', '--strategy', 'blob', '--owner', 'group', '--yes'],
      host,
    );
    expect(code).toBe(1);
    expect(stderr).toContain("option '--owner <owner>' argument 'group' is invalid");
    expect(stderr).toContain('Allowed choices are project, namespace, none.');
    expect(await listing(host)).toEqual(before);
  });

  it('remove finds a namespace-owned and an instance data type and takes them out again', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    await generate(host, 'Widget', '--owner', 'namespace');
    await generate(host, 'Snippet', '--strategy', 'repository', '--owner', 'none');
    for (const name of ['Widget', 'Snippet']) {
      const { code, stderr } = await run(['remove', name], host);
      expect(code, stderr).toBe(0);
      expect(stderr).not.toContain('kept');
    }
    expect(await listing(host)).toEqual(before);
  });
});

describe('geo-gen replicable --table', () => {
  it("uses the table for the model, its migrations' names and contents; the registry follows the name", async () => {
    const host = await hostCopy();
    await generate(host, 'JobArtifact', '--table', 'ci_job_artifacts');

    const model = await read(host, 'app/models/job-artifact.ts');
    expect(model).toContain("static override readonly tableName = 'ci_job_artifacts';");
    expect(model).toContain('    ci_job_artifacts: JobArtifactTable;\n');
    expect(model).toContain(".where(inSelectiveSyncProjects(site, 'ci_job_artifacts.project_id'))");
    expect(await migration(host, 'db/migrate', '_create_ci_job_artifacts.ts')).toContain(
      ".createIndex('index_ci_job_artifacts_on_project_id')",
    );
    expect(
      await migration(host, 'db/migrate', '_add_verification_state_to_ci_job_artifacts.ts'),
    ).toContain("alterTable('ci_job_artifacts')");
    const registry = await migration(host, 'db/geo/migrate', '_create_job_artifact_registry.ts');
    expect(registry).toContain("'job_artifact_id'");
    const files = Object.keys(await listing(host));
    expect(
      files.filter((path) => /job_artifacts/.test(path) && !/ci_job_artifacts/.test(path)),
    ).toEqual([]);
  });

  it('refuses a table that is not a plain SQL identifier, saying why, and writes nothing', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    const cases: [string, RegExp][] = [
      ['CI-Artifacts', /only lower-case ASCII letters, digits and "_" are allowed/],
      ['Ci_Job_Artifacts', /upper-case letters.*did you mean ci_job_artifacts\?/],
      [`t${'x'.repeat(63)}`, /it is 64 bytes long; PostgreSQL cuts identifiers at 63/],
      ['', /it is empty/],
    ];
    for (const [table, reason] of cases) {
      const { code, stderr } = await run(
        ['replicable', 'JobArtifact', '--strategy', 'blob', '--table', table, '--yes'],
        host,
      );
      expect(code, table).toBe(1);
      expect(stderr).toContain(`cannot use ${JSON.stringify(table)} as the table (--table)`);
      expect(stderr).toMatch(reason);
    }
    expect(await listing(host)).toEqual(before);
  });

  it('refuses a table the host already has', async () => {
    const host = await hostCopy();
    const { code, stderr } = await run(
      ['replicable', 'JobArtifact', '--strategy', 'blob', '--table', 'package_files', '--yes'],
      host,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('a table package_files');
  });

  it('release and remove find the type by its model, whatever its table', async () => {
    const host = await hostCopy();
    const before = await listing(host);
    await generate(host, 'JobArtifact', '--table', 'ci_job_artifacts');
    const released = await run(['release', 'JobArtifact'], host);
    expect(released.code, released.stderr).toBe(0);
    expect(released.stderr).toContain('released JobArtifact:\n');

    const removed = await run(['remove', 'JobArtifact'], host);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/^DELETE db\/migrate\/\d{14}_create_ci_job_artifacts\.ts$/m);
    expect(removed.stderr).not.toContain('kept');
    expect(await listing(host)).toEqual(before);
  });
});

describe('the prose of generated files', () => {
  it('gives a name its article: "an upload", "an SSH key"', async () => {
    const host = await hostCopy();
    await generate(host, 'Upload');
    await generate(host, 'SSHKey');
    expect(await read(host, 'app/models/upload.ts')).toContain(
      'Decision: an upload belongs to a project',
    );
    expect(await read(host, 'app/models/upload.test.ts')).toContain(
      'replicablesForCurrentSecondary: an upload follows its project.',
    );
    expect(await read(host, 'app/graphql/types/upload-registry-type.ts')).toContain(
      "'Represents the Geo replication and verification state of an upload'",
    );
    expect(await read(host, 'app/models/ssh-key.ts')).toContain(
      'Decision: an ssh key belongs to a project',
    );
    const everything = Object.entries(await listing(host))
      .map(([, base64]) => Buffer.from(base64, 'base64').toString('utf8'))
      .join('\n');
    expect(everything).not.toMatch(/\ba (upload|ssh)\b/i);
  });

  it('explains a plural pluralize gives irregularly without an impossible word', async () => {
    const host = await hostCopy();
    const { code, stderr } = await run(
      ['replicable', 'Person', '--strategy', 'blob', '--yes', '--dry-run'],
      host,
    );
    expect(code).toBe(0);
    expect(stderr).toContain(
      'note: using the plural People for Person: pluralize gives "people" rather than adding "s"; pass --plural to change it\n',
    );
  });
});
