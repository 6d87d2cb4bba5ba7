import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/analysis/findings.ts';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { hostCopy } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, RUNTIME } from '../support/runtime-copy.ts';

interface CheckJson {
  readonly ok: boolean;
  readonly root: string;
  readonly checked: {
    readonly uploaders: number;
    readonly repositoryModels: number;
    readonly replicators: number;
  };
  readonly findings: readonly Finding[];
  readonly excepted: readonly { uploader: string; reason: string; file: string; line: number }[];
}

async function check(host: string, ...flags: string[]) {
  const result = await runMain(['check', '--json', ...flags], { cwd: host });
  return { ...result, json: JSON.parse(result.stdout) as CheckJson };
}

async function write(host: string, path: string, text: string): Promise<void> {
  await mkdir(dirname(join(host, path)), { recursive: true });
  await writeFile(join(host, path), text);
}

async function edit(host: string, path: string, change: (text: string) => string): Promise<void> {
  await writeFile(join(host, path), change(await readFile(join(host, path), 'utf8')));
}

/** Only what a test looks at: kind, place and subject. */
const brief = (findings: readonly Finding[]) =>
  findings.map(({ kind, file, line, subject }) => ({ kind, file, line, subject }));

describe('geo-gen check', () => {
  it('passes the repository runtime as it is', async () => {
    const { code, stdout, stderr } = await runMain(['check', '--root', RUNTIME], { cwd: '/' });
    expect(stderr).toMatch(
      /^check passed: \d+ uploaders?, \d+ repository models? and \d+ replicators? in .*runtime, all wired\n$/,
    );
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('passes a clean copy, and --json prints exactly one object', async () => {
    const host = await hostCopy();
    const { code, stdout, json } = await check(host);
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(json)}\n`);
    expect(json).toEqual({
      ok: true,
      root: host,
      checked: { uploaders: 1, repositoryModels: 1, replicators: 2 },
      findings: [],
      excepted: [],
    });
  });

  it('finds an uploader without a replicator in any folder, whatever the file is called', async () => {
    const host = await hostCopy();
    await write(
      host,
      'lib/storage/deep/attachments.ts',
      "import { Uploader as Base } from 'geo-runtime';\n\n" +
        'export class AvatarUploader extends Base {\n' +
        '  storeDir(): string {\n    return `avatars/${this.record.id}`;\n  }\n}\n',
    );
    const { code, json, stderr } = await check(host);
    expect(code).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.findings).toEqual([
      expect.objectContaining({
        kind: 'uploader-without-replicator',
        file: 'lib/storage/deep/attachments.ts',
        line: 3,
        subject: 'AvatarUploader',
        command: 'geo-gen replicable Avatar --strategy blob',
      }),
    ]);
    expect(stderr).toContain('geo-gen: check failed: 1 finding in');
  });

  it('finds uploaders extending other uploaders, through abstract bases and host uploaders', async () => {
    const host = await hostCopy();
    await write(
      host,
      'app/uploaders/derived.ts',
      "import * as geo from 'geo-runtime';\n" +
        "import { PackageFileUploader } from './package-file-uploader.ts';\n\n" +
        'export abstract class SignedUploader extends geo.Uploader {}\n\n' +
        'export class ThumbnailUploader extends SignedUploader {\n' +
        "  storeDir(): string {\n    return 'thumbs';\n  }\n}\n\n" +
        'export class MirroredPackageFileUploader extends PackageFileUploader {}\n',
    );
    const { code, json } = await check(host);
    expect(code).toBe(1);
    expect(brief(json.findings)).toEqual([
      {
        kind: 'uploader-without-replicator',
        file: 'app/uploaders/derived.ts',
        line: 6,
        subject: 'ThumbnailUploader',
      },
      {
        kind: 'uploader-without-replicator',
        file: 'app/uploaders/derived.ts',
        line: 12,
        subject: 'MirroredPackageFileUploader',
      },
    ]);
  });

  it('ignores test doubles and classes that do not come from the runtime package', async () => {
    const host = await hostCopy();
    await write(
      host,
      'app/uploaders/fake.test.ts',
      "import { Uploader } from 'geo-runtime';\nclass FakeUploader extends Uploader {\n  storeDir() { return ''; }\n}\n",
    );
    await write(
      host,
      'lib/other.ts',
      "import { Uploader } from 'some-other-package';\nexport class OtherUploader extends Uploader {}\n",
    );
    expect((await check(host)).code).toBe(0);
  });

  it('finds a repository model without a replicator, but not the base of a replicated one', async () => {
    const host = await hostCopy();
    await write(
      host,
      'app/models/wiki.ts',
      "import { RepositoryModel } from 'geo-runtime';\n" +
        "import { ProjectRepository } from './project-repository.ts';\n\n" +
        'export abstract class GroupOwnedRepository extends RepositoryModel {}\n\n' +
        'export class WikiRepository extends GroupOwnedRepository {\n' +
        "  static override readonly tableName = 'wiki_repositories';\n}\n\n" +
        'export class ForkedProjectRepository extends ProjectRepository {}\n',
    );
    const { code, json } = await check(host);
    expect(code).toBe(1);
    expect(json.checked.repositoryModels).toBe(3);
    expect(json.findings).toEqual([
      expect.objectContaining({
        kind: 'repository-model-without-replicator',
        file: 'app/models/wiki.ts',
        line: 6,
        subject: 'WikiRepository',
        command: 'geo-gen replicable WikiRepository --strategy repository',
      }),
      expect.objectContaining({
        kind: 'repository-model-without-replicator',
        file: 'app/models/wiki.ts',
        line: 10,
        subject: 'ForkedProjectRepository',
      }),
    ]);
  });

  it('passes a repository model once geo-gen replicable has wired it', async () => {
    const host = await hostCopy();
    await write(
      host,
      'app/models/wiki-repository.ts',
      "import { RepositoryModel } from 'geo-runtime';\n\n" +
        'export class WikiRepository extends RepositoryModel {\n' +
        "  static override readonly tableName = 'wiki_repositories';\n}\n",
    );
    const before = await check(host);
    expect(before.code).toBe(1);
    expect(before.json.findings.map(({ kind, subject }) => ({ kind, subject }))).toEqual([
      { kind: 'repository-model-without-replicator', subject: 'WikiRepository' },
    ]);

    const generated = await runMain(
      ['replicable', 'WikiRepository', '--strategy', 'repository', '--yes'],
      { cwd: host, seams: { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES } },
    );
    expect(generated.code).toBe(0);
    const after = await check(host);
    expect(after.json.findings).toEqual([]);
    expect(after.json.checked).toEqual({ uploaders: 1, repositoryModels: 2, replicators: 3 });
  });

  it('finds a replicator missing from REPLICATOR_CLASSES, naming its file and line', async () => {
    const host = await hostCopy();
    await edit(host, 'app/replicator-classes.ts', (text) =>
      text.replace('  PackageFileReplicator,\n', ''),
    );
    const { code, json } = await check(host);
    expect(code).toBe(1);
    expect(json.findings).toEqual([
      expect.objectContaining({
        kind: 'replicator-not-listed',
        file: 'app/replicators/package-file-replicator.ts',
        line: 5,
        subject: 'PackageFileReplicator',
        fix: 'import PackageFileReplicator in app/replicator-classes.ts and add it to REPLICATOR_CLASSES',
      }),
    ]);
  });

  it('finds a replicator listed twice', async () => {
    const host = await hostCopy();
    await edit(host, 'app/replicator-classes.ts', (text) =>
      text.replace(
        '  PackageFileReplicator,\n',
        '  PackageFileReplicator,\n  PackageFileReplicator,\n',
      ),
    );
    const { code, json } = await check(host);
    expect(code).toBe(1);
    expect(brief(json.findings)).toEqual([
      {
        kind: 'replicator-listed-twice',
        file: 'app/replicator-classes.ts',
        line: 11,
        subject: 'PackageFileReplicator',
      },
    ]);
  });

  it('finds a listed replicator whose file is gone, and a listed name that is not defined', async () => {
    const host = await hostCopy();
    await rm(join(host, 'app/replicators/package-file-replicator.ts'));
    await edit(host, 'app/replicator-classes.ts', (text) =>
      text.replace(
        '  ProjectRepositoryReplicator,\n',
        '  ProjectRepositoryReplicator,\n  GhostReplicator,\n',
      ),
    );
    const { code, json } = await check(host);
    expect(code).toBe(1);
    const listed = json.findings.filter((finding) => finding.kind === 'listed-replicator-missing');
    expect(listed).toEqual([
      expect.objectContaining({
        file: 'app/replicator-classes.ts',
        line: 10,
        subject: 'PackageFileReplicator',
        message:
          "REPLICATOR_CLASSES lists PackageFileReplicator, which is imported from './replicators/package-file-replicator.ts', but app/replicators/package-file-replicator.ts does not exist",
        command: 'geo-gen remove PackageFile',
      }),
      expect.objectContaining({
        file: 'app/replicator-classes.ts',
        line: 12,
        subject: 'GhostReplicator',
        message: expect.stringContaining(
          'neither imported nor declared in app/replicator-classes.ts',
        ),
      }),
    ]);
    // Its uploader lost its replicator with it.
    expect(json.findings.map((finding) => finding.subject)).toContain('PackageFileUploader');
  });

  it('finds a registry without a migration creating its table, at the table name', async () => {
    const host = await hostCopy();
    await rm(join(host, 'db/geo/migrate/20261126000400_create_package_file_registry.ts'));
    const { code, json } = await check(host);
    expect(code).toBe(1);
    expect(json.findings).toEqual([
      expect.objectContaining({
        kind: 'registry-migration-missing',
        file: 'app/registries/package-file-registry.ts',
        line: 16,
        subject: 'PackageFileRegistry',
        message:
          "no migration in db/geo/migrate creates PackageFileRegistry's table package_file_registry",
      }),
    ]);
  });

  it('finds a missing feature flag definition, GraphQL field and spec', async () => {
    const host = await hostCopy();
    await rm(join(host, 'config/feature_flags/development/geo_package_file_replication.yml'));
    await rm(join(host, 'app/replicators/package-file-replicator.test.ts'));
    await edit(host, 'app/graphql/geo-node-registry-fields.ts', (text) =>
      text.replace(/ {2}\{\n {4}name: 'packageFileRegistries',[\s\S]*?\n {2}\},\n/, ''),
    );
    const { code, json } = await check(host);
    expect(code).toBe(1);
    expect(brief(json.findings)).toEqual([
      {
        kind: 'graphql-field-missing',
        file: 'app/graphql/geo-node-registry-fields.ts',
        line: 12,
        subject: 'PackageFileReplicator',
      },
      {
        kind: 'feature-flag-missing',
        file: 'app/replicators/package-file-replicator.ts',
        line: 5,
        subject: 'PackageFileReplicator',
      },
      {
        kind: 'spec-missing',
        file: 'app/replicators/package-file-replicator.ts',
        line: 5,
        subject: 'PackageFileReplicator',
      },
    ]);
  });

  it('finds a GraphQL field whose type is gone', async () => {
    const host = await hostCopy();
    await rm(join(host, 'app/graphql/types/package-file-registry-type.ts'));
    const { json } = await check(host);
    expect(brief(json.findings)).toEqual([
      {
        kind: 'graphql-entry-missing',
        file: 'app/graphql/geo-node-registry-fields.ts',
        line: 15,
        subject: 'PackageFileRegistryType',
      },
    ]);
  });

  describe('the exceptions list', () => {
    const avatar =
      "import { Uploader } from 'geo-runtime';\nexport class AvatarUploader extends Uploader {\n" +
      "  storeDir() {\n    return 'avatars';\n  }\n}\n";
    const withExceptions = (host: string, exceptions: unknown) =>
      writeFile(
        join(host, 'geo.config.json'),
        JSON.stringify({ runtimePackage: 'geo-runtime', uploaderExceptions: exceptions }, null, 2),
      );

    it('silences an uploader with a reason, and still reports it as excepted', async () => {
      const host = await hostCopy();
      await write(host, 'app/uploaders/avatar-uploader.ts', avatar);
      await withExceptions(host, [
        { uploader: 'AvatarUploader', reason: 'avatars are re-rendered on each site' },
      ]);
      const { code, json } = await check(host);
      expect(code).toBe(0);
      expect(json.excepted).toEqual([
        {
          uploader: 'AvatarUploader',
          reason: 'avatars are re-rendered on each site',
          file: 'app/uploaders/avatar-uploader.ts',
          line: 2,
        },
      ]);
      const text = await runMain(['check'], { cwd: host });
      expect(text.stdout).toBe(
        'app/uploaders/avatar-uploader.ts:2  excepted: AvatarUploader: avatars are re-rendered on each site\n',
      );
      expect(text.stderr).toContain('1 uploader excepted');
    });

    it('cannot run with an exception without a reason (exit 2, JSON still one object)', async () => {
      const host = await hostCopy();
      await withExceptions(host, [{ uploader: 'AvatarUploader' }]);
      const { code, json, stderr } = await check(host);
      expect(code).toBe(2);
      expect(json).toEqual({
        ok: false,
        error: {
          code: 'check-could-not-run',
          message: expect.stringContaining('"uploaderExceptions[0].reason" is missing'),
          exitCode: 2,
        },
      });
      expect(stderr).toContain(
        `geo-gen: check could not run: ${join(host, 'geo.config.json')}: "uploaderExceptions[0].reason" is missing: add it (a string).`,
      );
      expect(stderr).not.toContain('internal error');
    });

    it('reports an exception that silences nothing', async () => {
      const host = await hostCopy();
      await withExceptions(host, [{ uploader: 'PackageFileUploader', reason: 'old' }]);
      const { code, json } = await check(host);
      expect(code).toBe(1);
      expect(brief(json.findings)).toEqual([
        {
          kind: 'unused-exception',
          file: 'geo.config.json',
          line: 5,
          subject: 'PackageFileUploader',
        },
      ]);
    });
  });

  it('prints each finding with its place, fix and command, paths relative to the current directory', async () => {
    const host = await hostCopy();
    await write(
      host,
      'app/uploaders/avatar-uploader.ts',
      "import { Uploader } from 'geo-runtime';\nexport class AvatarUploader extends Uploader {}\n",
    );
    const { code, stdout } = await runMain(['check', '--root', 'runtime'], { cwd: dirname(host) });
    expect(code).toBe(1);
    expect(stdout).toBe(
      'runtime/app/uploaders/avatar-uploader.ts:2  uploader-without-replicator\n' +
        "  AvatarUploader has no replicator: no replicator's uploaderFor() returns it and no replicated model's uploaderClass is it, so its files never reach secondary sites\n" +
        '  fix: generate a replicator for Avatar, or list AvatarUploader in geo.config.json "uploaderExceptions" with a "reason" if it is not replicated on purpose\n' +
        '  run: geo-gen replicable Avatar --strategy blob --root runtime\n',
    );
  });

  it('cannot run without the list of replicators (exit 2, saying why)', async () => {
    const host = await hostCopy();
    await rm(join(host, 'app/replicator-classes.ts'));
    const { code, stderr } = await runMain(['check'], { cwd: host });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'geo-gen: check could not run: app/replicator-classes.ts does not exist',
    );
    expect(stderr).toContain('"lists.replicatorClasses"');
  });

  it('cannot run without a host (exit 2)', async () => {
    const { code, stderr } = await runMain(['check', '--root', '/nonexistent-host'], { cwd: '/' });
    expect(code).toBe(2);
    expect(stderr).toContain('check could not run: --root /nonexistent-host is not a directory');
  });
});
