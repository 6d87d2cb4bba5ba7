import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, REPO_ROOT, runtimeCopy } from '../support/runtime-copy.ts';

const generate = (root: string, extra: string[] = []) =>
  runMain(['replicable', 'Gadget', '--strategy', 'blob', '--yes', '--json', ...extra], {
    cwd: root,
    seams: { templatesDir: REAL_TEMPLATES, patches: undefined },
  });

describe('geo-gen replicable with a model the host already has', () => {
  it('wires the model to its replicator instead of writing a new one, and the host type-checks', async () => {
    // A host whose Gadget model, uploader and table exist, but not its replication.
    const source = await runtimeCopy();
    onTestFinished(source.remove);
    expect((await generate(source.root)).code).toBe(0);
    const host = await runtimeCopy();
    onTestFinished(host.remove);
    const model = (await readFile(join(source.root, 'app/models/gadget.ts'), 'utf8'))
      .replace(/\n  static override get replicatorClass\(\) \{\n.*\n  \}\n/, '\n')
      .replace(/\n  \/\*\*\n   \* The gadgets this secondary[\s\S]*?\n  \}\n(?=\}\n$)/, '\n')
      .replace("import { GadgetReplicator } from '../replicators/gadget-replicator.ts';\n", '');
    expect(model).not.toContain('replicatorClass');
    expect(model).not.toContain('replicablesForCurrentSecondary');
    const migration = (await readdir(join(source.root, 'db/migrate'))).find((file) =>
      file.endsWith('_create_gadgets.ts'),
    );
    for (const [path, text] of [
      ['app/models/gadget.ts', model],
      [
        'app/uploaders/gadget-uploader.ts',
        await readFile(join(source.root, 'app/uploaders/gadget-uploader.ts'), 'utf8'),
      ],
      [
        `db/migrate/${migration}`,
        await readFile(join(source.root, `db/migrate/${migration}`), 'utf8'),
      ],
    ] as const) {
      await mkdir(dirname(join(host.root, path)), { recursive: true });
      await writeFile(join(host.root, path), text);
    }

    const result = await generate(host.root);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'wired the existing model in app/models/gadget.ts: added replicatorClass and replicablesForCurrentSecondary',
    );
    const plan = JSON.parse(result.stdout) as { created: string[]; updated: string[] };
    expect(plan.updated).toContain('app/models/gadget.ts');
    expect(plan.created).not.toContain('app/models/gadget.ts');
    expect(plan.created).not.toContain('app/uploaders/gadget-uploader.ts');
    expect(plan.created.some((path) => path.endsWith('_create_gadgets.ts'))).toBe(false);
    const wired = await readFile(join(host.root, 'app/models/gadget.ts'), 'utf8');
    expect(wired).toContain(
      "import { GadgetReplicator } from '../replicators/gadget-replicator.ts';",
    );
    expect(wired).toMatch(/static override get replicatorClass\(\) \{\s+return GadgetReplicator;/);

    const tsc = await promisify(execFile)(
      join(REPO_ROOT, 'node_modules/.bin/tsc'),
      ['--noEmit', '-p', 'tsconfig.json'],
      {
        cwd: host.root,
      },
    ).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );
    expect(tsc.output).toBe('');
    expect(tsc.code).toBe(0);

    const again = await generate(host.root, ['--force']);
    expect(again.stderr).not.toContain('wired the existing model');
  }, 120_000);
});
