import { appendFile, cp, readdir, readFile, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { migrateUp, migrationSources, migrationStatus, openDatabase } from 'geo-runtime';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { tempDir } from '../support/host.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, REPO_ROOT, RUNTIME } from '../support/runtime-copy.ts';

const FOLDERS = ['db/migrate', 'db/geo/migrate'];
const TARGETS = { 'db/migrate': 'main', 'db/geo/migrate': 'tracking' } as const;
const REGISTRY_TEMPLATE =
  'common/files/db/geo/migrate/__timestamp___create___registryTable__.ts.ejs';
/** The registry migration of CoolWidget, as the first run (the test clock) names it. */
const REGISTRY = 'db/geo/migrate/20310615120000_create_cool_widget_registry.ts';
const CHANGE = '// A column a newer geo-gen adds.\n';
/** A later day than the first run's, so a new migration would get another timestamp. */
const LATER = new Date(Date.UTC(2031, 6, 1, 9, 30, 0));

/** Runs `geo-gen replicable CoolWidget --strategy blob --yes …` with the shipped patches. */
function replicable(host: string, extra: readonly string[], templatesDir = REAL_TEMPLATES) {
  return runMain(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes', ...extra], {
    cwd: host,
    seams: { templatesDir, patches: REPLICABLE_PATCHES, now: () => LATER },
  });
}

/** A host with CoolWidget generated at the test clock (2031-06-15 12:00:00). */
async function hostWithCoolWidget(): Promise<string> {
  const host = await hostCopy();
  const first = await runMain(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], {
    cwd: host,
    seams: { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES },
  });
  expect(first.stderr).not.toContain('rewrote');
  expect(first.stdout).toContain(`CREATE ${REGISTRY}\n`);
  expect(first.code).toBe(0);
  return host;
}

/** The shipped templates, but the registry migration's changed as a newer geo-gen's would be. */
async function newerTemplates(): Promise<string> {
  const dir = join(await tempDir('geo-gen-templates-'), 'replicable');
  await cp(REAL_TEMPLATES, dir, { recursive: true });
  await appendFile(join(dir, REGISTRY_TEMPLATE), CHANGE);
  return dir;
}

/** Every migration file of the host's two folders, `<folder>/<file>`. */
async function migrations(host: string): Promise<string[]> {
  const files = await Promise.all(
    FOLDERS.map(async (folder) =>
      (await readdir(join(host, folder))).map((file) => `${folder}/${file}`),
    ),
  );
  return files.flat().sort();
}

/** Names without timestamps: each must appear once, or `db:migrate` runs one twice. */
const withoutTimestamps = (paths: readonly string[]) =>
  paths.map((path) => path.replace(/\/\d{14}_/, '/'));

describe('geo-gen replicable --force over an existing data type', () => {
  it("rewrites the data type's own migrations in place, keeping their timestamps, and says what to do if they ran", async () => {
    const host = await hostWithCoolWidget();
    const before = await migrations(host);
    expect(withoutTimestamps(before)).toEqual([...new Set(withoutTimestamps(before))]);

    const { code, stdout, stderr } = await replicable(host, ['--force'], await newerTemplates());
    expect(code).toBe(0);
    // Only the migration whose template changed differs; the others are rewritten identical.
    expect(stdout).toBe(`UPDATE ${REGISTRY}\n`);
    expect(await migrations(host)).toEqual(before);
    expect(await readFile(join(host, REGISTRY), 'utf8')).toMatch(/A column a newer geo-gen adds/);
    expect(stderr).toContain(
      `note: rewrote this migration in place, keeping its timestamp: ${REGISTRY}. ` +
        'A database where it already ran will not run it again: there, roll back to before it ' +
        '(`geo-runtime db:status` lists what ran; `geo-runtime db:rollback --steps <n>`, with ' +
        '--tracking for db/geo/migrate) and run `geo-runtime db:migrate`, or restore the previous ' +
        'files and write a new migration for the change.\n',
    );
    expect(stderr.match(/note: rewrote/g)).toHaveLength(1);
  });

  it('--dry-run --force shows UPDATE with a diff for the migration, not a CREATE, and writes nothing', async () => {
    const host = await hostWithCoolWidget();
    const before = await listing(host);
    const { code, stdout, stderr } = await replicable(
      host,
      ['--force', '--dry-run'],
      await newerTemplates(),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^UPDATE ${REGISTRY}\n\n`));
    expect(stdout).toContain(`--- a/${REGISTRY}\n+++ b/${REGISTRY}\n`);
    expect(stdout).toContain(`+${CHANGE}`);
    expect(stdout).not.toContain('CREATE');
    expect(stderr).toContain(
      `note: would rewrite this migration in place, keeping its timestamp: ${REGISTRY}.`,
    );
    expect(await listing(host)).toEqual(before);
  });

  it('--json --force names the rewritten migrations and carries the note', async () => {
    const host = await hostWithCoolWidget();
    const { code, stdout } = await replicable(host, ['--force', '--json'], await newerTemplates());
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      created: [],
      updated: [REGISTRY],
      replacedMigrations: [REGISTRY],
    });
    expect(result['note']).toMatch(
      /^rewrote this migration in place, .*write a new migration for the change\.$/,
    );
  });

  it('a fresh generation gets new timestamps and no note; without --force a regeneration is refused', async () => {
    const host = await hostWithCoolWidget();
    const fresh = await runMain(['replicable', 'Gadget', '--strategy', 'blob', '--yes'], {
      cwd: host,
      seams: { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES, now: () => LATER },
    });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain(
      'CREATE db/geo/migrate/20310701093000_create_gadget_registry.ts\n',
    );
    expect(fresh.stderr).not.toContain('note:');

    const before = await listing(host);
    const refused = await replicable(host, [], await newerTemplates());
    expect(refused.code).toBe(1);
    expect(await listing(host)).toEqual(before);
  });

  it("after --force, the host's migrations apply cleanly to new databases", async () => {
    const host = await hostWithCoolWidget();
    expect((await replicable(host, ['--force'], await newerTemplates())).code).toBe(0);
    // The migrations import kysely and geo-runtime (the host's own package, whose framework a
    // host copy leaves out): the repository's, beside and inside the copy.
    await symlink(join(REPO_ROOT, 'node_modules'), join(dirname(host), 'node_modules'), 'dir');
    await symlink(join(RUNTIME, 'src'), join(host, 'src'), 'dir');
    for (const [folder, target] of Object.entries(TARGETS)) {
      const database = await openDatabase({ kind: 'pglite' });
      try {
        // The framework's migrations come first (the host's tables reference its projects).
        const sources = migrationSources(host, target);
        const applied = await migrateUp(database.db, sources);
        const status = await migrationStatus(database.db, sources);
        expect(applied).toEqual(status.map((migration) => migration.name));
        const files = (await migrations(host)).filter((path) => path.startsWith(`${folder}/2`));
        expect(
          status.filter((migration) => migration.origin === 'application').map((m) => m.name),
        ).toEqual(files.map((path) => path.slice(folder.length + 1, -'.ts'.length)));
      } finally {
        await database.close();
      }
    }
  });
});
