import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_GEO_CONFIG } from 'geo-runtime/config';
import { describe, expect, it } from 'vitest';
import type { ReplicableContext, ReplicablePatch } from '../../src/commands/replicable/context.ts';
import { RefusedError } from '../../src/errors.ts';
import { fixtureHost, snapshot, tempDir } from '../support/host.ts';
import { runMain } from '../support/run-main.ts';
import { CANCEL, scriptedPrompts } from '../support/scripted-prompts.ts';

const BLOB = ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'];

/** What the fixture templates produce for CoolWidget, blob, inline verification. */
const COOL_WIDGET_FILES = [
  'app/models/cool-widget.ts',
  'app/replicators/cool-widget-replicator.ts',
  'assets/cool-widget.png',
  'db/geo/migrate/20310615120000_create_cool_widget_registry.ts',
  'db/migrate/20400101000001_add_verification_state_to_cool_widgets.ts',
  'db/migrate/20400101000002_add_verification_indexes_to_cool_widgets.ts',
];

/** A stand-in for the REPLICATOR_CLASSES patch: appends the new replicator to the host's list. */
const addToReplicatorList: ReplicablePatch = (tree, { names }) => {
  const path = 'app/replicator-classes.ts';
  const text = tree.read(path);
  if (text === undefined) throw new RefusedError(`${path} not found`);
  tree.write(
    path,
    text.replace("'PackageFileReplicator'", `'PackageFileReplicator', '${names.replicatorClass}'`),
  );
};

describe('geo-gen replicable', () => {
  it('generates every template file into the host found from the current directory', async () => {
    const host = await fixtureHost();
    const { code, stdout, stderr } = await runMain(BLOB, { cwd: join(host, 'app') });
    expect(code).toBe(0);
    expect(stdout).toBe(COOL_WIDGET_FILES.map((path) => `CREATE ${path}\n`).join(''));
    expect(stderr).toBe(
      `wrote 6 files in ${host}\n` +
        '\n' +
        'Next steps (in ..):\n' +
        '  1. run the migrations:                 npx geo-runtime db:migrate && npx geo-runtime db:migrate --tracking\n' +
        '  2. enable replication on the primary:  npx geo-runtime flag:enable geo_cool_widget_replication\n' +
        '  3. when it replicates and verifies:    npx geo-gen release CoolWidget\n',
    );
    expect(Object.keys(await snapshot(host))).toEqual(expect.arrayContaining(COOL_WIDGET_FILES));
  });

  it('prints no next steps with --dry-run or --json', async () => {
    const host = await fixtureHost();
    for (const extra of ['--dry-run', '--json']) {
      const { code, stderr } = await runMain([...BLOB, extra], { cwd: host });
      expect(code, stderr).toBe(0);
      expect(stderr).not.toContain('Next steps');
    }
  });

  it("formats the output with the host's prettier config", async () => {
    const host = await fixtureHost(); // semi: false, singleQuote: true
    await runMain(BLOB, { cwd: host });
    expect(await readFile(join(host, 'app/replicators/cool-widget-replicator.ts'), 'utf8')).toBe(
      'export const coolWidgetReplicator = {\n' +
        "  name: 'CoolWidgetReplicator',\n" +
        "  strategy: 'blob',\n" +
        "  featureFlag: 'geo_cool_widget_replication',\n" +
        '}\n',
    );
  });

  it('renders the separate verification table instead of the inline columns when asked', async () => {
    const host = await fixtureHost();
    const { code, stdout } = await runMain([...BLOB, '--verification-table', 'separate'], {
      cwd: host,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('CREATE app/models/cool-widget-state.ts\n');
    expect(stdout).toContain('CREATE db/migrate/20400101000001_create_cool_widget_states.ts\n');
    expect(stdout).not.toContain('add_verification_state');
  });

  it('uses irregular plurals in paths: Person goes to people', async () => {
    const host = await fixtureHost();
    const { code, stdout, stderr } = await runMain(
      ['replicable', 'person', '--strategy', 'blob', '--yes'],
      { cwd: host },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('CREATE db/geo/migrate/20310615120000_create_person_registry.ts\n');
    expect(stdout).toContain(
      'CREATE db/migrate/20400101000001_add_verification_state_to_people.ts\n',
    );
    expect(stderr).toContain('note: using the plural People for Person');
  });

  it('finds the host in ./runtime from a repository root, and at --root', async () => {
    const repo = await tempDir();
    const runtime = join(repo, 'runtime');
    await mkdir(runtime);
    await writeFile(join(runtime, 'geo.config.json'), '{ "runtimePackage": "geo-runtime" }');
    expect((await runMain([...BLOB, '--dry-run'], { cwd: repo })).stderr).toContain(
      `planned in ${runtime},`,
    );

    const other = await fixtureHost();
    expect(
      (await runMain([...BLOB, '--dry-run', '--root', other], { cwd: repo })).stderr,
    ).toContain(`planned in ${other},`);
  });

  it('refuses to run without a host, saying how to name one', async () => {
    const { code, stderr } = await runMain(BLOB, { cwd: await tempDir() });
    expect(code).toBe(1);
    expect(stderr).toContain('no geo.config.json found in');
    expect(stderr).toContain('pass --root <dir>');
  });

  describe('a geo.config.json it cannot use', () => {
    it.each([
      [
        'a wrong type',
        '{ "runtimePackage": 42 }',
        '"runtimePackage" must be a string, not the number 42: fix the value.',
      ],
      [
        'an unknown key',
        '{ "runtimePackage": "geo-runtime", "replicatorClassesFile": "app/replicator-classes.ts" }',
        '"replicatorClassesFile" is not a known key: remove it or fix its spelling;',
      ],
      [
        'a misspelt layout key',
        '{ "layout": { "appdir": "src" } }',
        '"layout.appdir" is not a known key: remove it or fix its spelling; the keys of "layout" are appDir,',
      ],
      [
        'a folder that does not exist',
        '{ "layout": { "mainMigrationsDir": "migrations/main" } }',
        '"layout.mainMigrationsDir" names "migrations/main", which does not exist in',
      ],
      ['JSON it cannot parse', '{ "runtimePackage": ', 'is not valid JSON'],
    ])('refuses %s, naming the key and the file, writing nothing', async (_what, text, message) => {
      const host = await fixtureHost();
      await writeFile(join(host, 'geo.config.json'), text);
      const before = await snapshot(host);
      for (const cwd of [host, await tempDir()]) {
        const { code, stdout, stderr } = await runMain([...BLOB, '--root', host], { cwd });
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(stderr).toContain(`geo-gen: ${join(host, 'geo.config.json')}: `);
        expect(stderr).toContain(message);
        expect(await snapshot(host)).toEqual(before);
      }
    });
  });

  it('hands the host config, names and options to templates and patches', async () => {
    const host = await fixtureHost();
    let seen: ReplicableContext | undefined;
    await runMain([...BLOB, '--dry-run'], {
      cwd: host,
      seams: { patches: [(_, context) => void (seen = context)] },
    });
    expect(seen?.host.config).toEqual(DEFAULT_GEO_CONFIG);
    expect(seen?.names.registryClass).toBe('CoolWidgetRegistry');
    expect(seen?.options).toMatchObject({
      strategy: 'blob',
      verificationTable: 'inline',
      dryRun: true,
    });
  });

  describe('safety', () => {
    it('refuses a second run as a conflict, writing nothing, and overwrites only with --force', async () => {
      const host = await fixtureHost();
      await runMain(BLOB, { cwd: host });
      const afterFirstRun = await snapshot(host);
      const clock = { now: () => new Date(Date.UTC(2031, 5, 15, 12, 0, 0)) };

      const again = await runMain(BLOB, { cwd: host, seams: clock });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('files already exist:\n  app/models/cool-widget.ts\n');
      expect(again.stderr).toContain('Pass --force to overwrite');
      expect(await snapshot(host)).toEqual(afterFirstRun);

      // Every file, the migrations under their first names included, is rewritten identical.
      const forced = await runMain([...BLOB, '--force'], {
        cwd: host,
        seams: { now: () => new Date(Date.UTC(2031, 6, 1)) },
      });
      expect(forced.code).toBe(0);
      expect(forced.stdout).toBe('');
      expect(forced.stderr).toBe(`nothing to change in ${host}\n`);
      expect(await snapshot(host)).toEqual(afterFirstRun);
    });

    it('--dry-run prints the plan with a diff per updated file, and writes nothing', async () => {
      const host = await fixtureHost();
      const before = await snapshot(host);
      const { code, stdout, stderr } = await runMain([...BLOB, '--dry-run'], {
        cwd: host,
        seams: { patches: [addToReplicatorList] },
      });
      expect(code).toBe(0);
      expect(stdout).toContain(
        'CREATE app/models/cool-widget.ts\nUPDATE app/replicator-classes.ts\n',
      );
      expect(stdout).toContain(
        '--- a/app/replicator-classes.ts\n+++ b/app/replicator-classes.ts\n' +
          '@@ -1,2 +1,5 @@\n' +
          " // A host list a patch edits (a stand-in for the runtime's REPLICATOR_CLASSES).\n" +
          "-export const REPLICATOR_CLASSES = ['PackageFileReplicator']\n" +
          // The host's prettier config (print width 80) decides the layout of the patched list.
          '+export const REPLICATOR_CLASSES = [\n' +
          "+  'PackageFileReplicator',\n" +
          "+  'CoolWidgetReplicator',\n" +
          '+]\n',
      );
      expect(stderr).toContain('dry run: 7 files planned');
      expect(await snapshot(host)).toEqual(before);
    });

    it('--json prints exactly one JSON object on stdout, paths relative to the root', async () => {
      const host = await fixtureHost();
      const options = { cwd: host, seams: { patches: [addToReplicatorList] } };
      const expected = { created: COOL_WIDGET_FILES, updated: ['app/replicator-classes.ts'] };

      const dryRun = await runMain([...BLOB, '--json', '--dry-run'], options);
      expect(JSON.parse(dryRun.stdout)).toEqual(expected);
      expect(dryRun.stdout).toBe(`${JSON.stringify(expected)}\n`);

      const written = await runMain(
        ['replicable', 'person', '--strategy', 'blob', '--json'],
        options,
      );
      expect(written.code).toBe(0);
      expect(Object.keys(JSON.parse(written.stdout))).toEqual(['created', 'updated']);
      expect(written.stderr).toContain('note: using the plural People');
      expect(written.stderr).toContain('wrote 7 files');
    });

    it('refuses a change whose code does not parse, naming the file, and writes nothing', async () => {
      const host = await fixtureHost();
      const before = await snapshot(host);
      const breakList: ReplicablePatch = (tree) =>
        tree.write('app/replicator-classes.ts', 'export const = [\n');
      const { code, stdout, stderr } = await runMain(BLOB, {
        cwd: host,
        seams: { patches: [breakList] },
      });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(
        'the generated code does not parse, so nothing was written:\n  app/replicator-classes.ts:1:14:',
      );
      expect(await snapshot(host)).toEqual(before);
    });

    it('refuses a name the host already uses', async () => {
      const host = await fixtureHost();
      const existingNames = () => ({
        replicators: ['CoolWidgetReplicator'],
        registryTables: [],
        tables: [],
      });
      const { code, stderr } = await runMain(BLOB, { cwd: host, seams: { existingNames } });
      expect(code).toBe(1);
      expect(stderr).toContain('the host already has a replicator CoolWidgetReplicator');
    });
  });

  describe('prompts', () => {
    it('on a terminal, asks for what was not given, then generates', async () => {
      const host = await fixtureHost();
      const prompts = scriptedPrompts(['Cool Widget', 'blob']);
      const argv = ['replicable', '--verification-table', 'separate'];
      const { code, stdout } = await runMain(argv, { cwd: host, isTTY: true, prompts });
      expect(code).toBe(0);
      // --verification-table has a default (inline): never asked, only given.
      expect(prompts.asked.map((question) => question.message)).toEqual([
        'Which model should Geo replicate? (e.g. CoolWidget)',
        'How is the data stored?',
      ]);
      expect(stdout).toContain('CREATE app/models/cool-widget-state.ts\n');
    });

    it('Ctrl-C stops with exit 130, "cancelled, nothing written", and the disk untouched', async () => {
      const host = await fixtureHost();
      const before = await snapshot(host);
      const prompts = scriptedPrompts(['CoolWidget', CANCEL]);
      const { code, stderr } = await runMain(['replicable'], { cwd: host, isTTY: true, prompts });
      expect(code).toBe(130);
      expect(stderr).toBe('geo-gen: cancelled, nothing written\n');
      expect(await snapshot(host)).toEqual(before);
    });

    it('without a terminal, lists every missing flag at once and never asks', async () => {
      const prompts = scriptedPrompts([]);
      const { code, stderr } = await runMain(['replicable'], { cwd: await fixtureHost(), prompts });
      expect(code).toBe(1);
      expect(stderr).toContain(
        'missing required values: <Name> (argument), --strategy <blob|repository>.',
      );
      expect(prompts.asked).toEqual([]);
    });
  });

  it('notes when there are no templates for the run at all', async () => {
    const empty = await tempDir();
    const { code, stderr } = await runMain(BLOB, {
      cwd: await fixtureHost(),
      seams: { templatesDir: empty },
    });
    expect(code).toBe(0);
    expect(stderr).toContain(
      `note: no templates to render: none of ${join(empty, 'common', 'model')}, ${join(empty, 'blob', 'model')}, `,
    );
    expect(stderr).toContain('nothing to change');
  });
});
