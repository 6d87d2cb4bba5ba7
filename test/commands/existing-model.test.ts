import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Strategy } from '../../src/generate/strategies.ts';
import { names } from '../../src/naming/names.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, REPO_ROOT, runtimeCopy } from '../support/runtime-copy.ts';

const generate = (root: string, name: string, strategy: Strategy, extra: string[] = []) =>
  runMain(['replicable', name, '--strategy', strategy, '--yes', '--json', ...extra], {
    cwd: root,
    seams: { templatesDir: REAL_TEMPLATES, patches: undefined },
  });

/** The host's type check: its output is empty when the host compiles. */
const typeCheck = (root: string) =>
  promisify(execFile)(
    join(REPO_ROOT, 'node_modules/.bin/tsc'),
    ['--noEmit', '-p', 'tsconfig.json'],
    {
      cwd: root,
    },
  ).then(
    () => ({ code: 0, output: '' }),
    (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
  );

/** The generated model without what `replicable` wires: its replicator getter and selective sync. */
function unwired(model: string, name: string): string {
  const spelled = names(name);
  return model
    .replace(/\n {2}static override get replicatorClass\(\) \{\n.*\n {2}\}\n/, '\n')
    .replace(
      new RegExp(
        `\\n {2}/\\*\\*\\n {3}\\* The ${spelled.humanNamePlural} this secondary[\\s\\S]*?\\n {2}\\}\\n(?=\\}\\n$)`,
      ),
      '\n',
    )
    .replace(
      `import { ${spelled.replicatorClass} } from '../replicators/${spelled.replicatorFileName}.ts';\n`,
      '',
    );
}

/**
 * A runtime copy whose model of `name` (with the other files of its model folder: uploader,
 * table) exists as geo-gen would create it, but not wired and with nothing else of its
 * replication: what a host has before `geo-gen replicable` meets an existing model.
 */
async function hostWithModel(name: string, strategy: Strategy): Promise<string> {
  const source = await runtimeCopy();
  onTestFinished(source.remove);
  expect((await generate(source.root, name, strategy)).code).toBe(0);
  const host = await runtimeCopy();
  onTestFinished(host.remove);
  const { fileName, tableName, uploaderFileName } = names(name);
  const model = `app/models/${fileName}.ts`;
  const migration = (await readdir(join(source.root, 'db/migrate'))).find((file) =>
    file.endsWith(`_create_${tableName}.ts`),
  );
  const files = [
    [model, unwired(await readFile(join(source.root, model), 'utf8'), name)],
    [
      `db/migrate/${migration}`,
      await readFile(join(source.root, 'db/migrate', `${migration}`), 'utf8'),
    ],
    ...(strategy === 'blob'
      ? [
          [
            `app/uploaders/${uploaderFileName}.ts`,
            await readFile(join(source.root, `app/uploaders/${uploaderFileName}.ts`), 'utf8'),
          ],
        ]
      : []),
  ];
  for (const [path = '', text = ''] of files) {
    await mkdir(dirname(join(host.root, path)), { recursive: true });
    await writeFile(join(host.root, path), text);
  }
  const written = await readFile(join(host.root, model), 'utf8');
  expect(written).not.toContain('replicatorClass');
  expect(written).not.toContain('replicablesForCurrentSecondary');
  return host.root;
}

describe('geo-gen replicable with a model the host already has', () => {
  it.each<[Strategy, string, string]>([
    ['blob', 'Gadget', 'inSelectiveSyncProjects'],
    ['repository', 'Gizmo', 'inSelectiveSyncRepositories'],
  ])(
    '%s: wires the model to its replicator instead of writing a new one, and the host type-checks',
    async (strategy, name, selectiveSync) => {
      const host = await hostWithModel(name, strategy);
      const { fileName, tableName, replicatorClass, replicatorFileName } = names(name);
      const model = `app/models/${fileName}.ts`;

      const result = await generate(host, name, strategy);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(
        `wired the existing model in ${model}: added replicatorClass and replicablesForCurrentSecondary`,
      );
      const plan = JSON.parse(result.stdout) as { created: string[]; updated: string[] };
      expect(plan.updated).toContain(model);
      expect(plan.created).not.toContain(model);
      expect(plan.created.some((path) => path.startsWith('app/uploaders/'))).toBe(false);
      expect(plan.created.some((path) => path.endsWith(`_create_${tableName}.ts`))).toBe(false);
      const wired = await readFile(join(host, model), 'utf8');
      expect(wired).toContain(
        `import { ${replicatorClass} } from '../replicators/${replicatorFileName}.ts';`,
      );
      expect(wired).toMatch(
        new RegExp(`static override get replicatorClass\\(\\) \\{\\s+return ${replicatorClass};`),
      );
      expect(wired).toMatch(new RegExp(`\\.where\\(\\s*${selectiveSync}\\(site, `));

      const tsc = await typeCheck(host);
      expect(tsc.output).toBe('');
      expect(tsc.code).toBe(0);

      const again = await generate(host, name, strategy, ['--force']);
      expect(again.stderr).not.toContain('wired the existing model');
    },
    120_000,
  );

  it.each<[Strategy, string, string]>([
    [
      'repository',
      "import { BlobModel } from 'geo-runtime';\n\nexport class Gizmo extends BlobModel {}\n",
      'cannot wire Gizmo (app/models/gizmo.ts) to a repository replicator: it extends BlobModel, not ' +
        'RepositoryModel. A repository data type owns one git repository per record: make Gizmo ' +
        'extend RepositoryModel from the runtime',
    ],
    [
      'repository',
      "import { Base } from '../base.ts';\n\nexport class Gizmo extends Base {}\n",
      'it extends Base, which geo-gen cannot trace to a model class of the runtime, not RepositoryModel',
    ],
    [
      'blob',
      "import { RepositoryModel } from 'geo-runtime';\n\nexport class Gizmo extends RepositoryModel {}\n",
      'cannot wire Gizmo (app/models/gizmo.ts) to a blob replicator: it extends RepositoryModel, ' +
        'whose records own git repositories, not files. Use --strategy repository for Gizmo',
    ],
  ])(
    '%s: refuses a model whose base class does not fit the strategy, writing nothing',
    async (strategy, model, message) => {
      const host = await hostCopy();
      await writeFile(join(host, 'app/models/gizmo.ts'), model);
      const before = await listing(host);
      const { code, stderr } = await generate(host, 'Gizmo', strategy);
      expect(code).toBe(1);
      expect(stderr).toContain(message);
      expect(stderr).toContain('Nothing was written.');
      expect(await listing(host)).toEqual(before);
    },
  );
});
