import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { DatabaseConfig } from '../db/database-config.ts';
import type { MainDatabase } from '../db/main-database.ts';
import { migrateUp, migrationSources } from '../db/migrations.ts';
import { openDatabase } from '../db/open-database.ts';
import { mainDatabaseReaderUrl, MAIN_DATABASE_READER } from '../db/reader-role.ts';
import {
  FEATURE_FLAG_DEFINITIONS_DIR,
  loadFeatureFlagDefinitions,
  type FeatureFlagDefinition,
} from '../feature-flags/definition.ts';
import { FeatureFlags } from '../feature-flags/feature-flags.ts';
import { pgliteStartFrom } from '../testing/pglite-snapshots.ts';
import { adminQuery, RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { postgresUrlFor, selectedEngines, type TestEngine } from '../testing/services.ts';
import { runGeoRuntime, type CliResult } from './cli-harness.ts';
import type { FlagListEntry } from './flag-command.ts';

const FLAG = 'geo_package_file_replication';
const DEFINITIONS_DIR = join(RUNTIME_ROOT, FEATURE_FLAG_DEFINITIONS_DIR);

interface Fixture {
  /** What `--database` is given. */
  readonly setting: string;
  readonly config: DatabaseConfig;
  /** Makes the database read-only for new sessions, as a secondary's (a standby's) is; undone by the result. */
  readOnly(): Promise<() => Promise<void>>;
  drop(): Promise<void>;
}

/** A migrated main database, as the primary's is after `db:migrate`. */
async function mainDatabase(engine: TestEngine): Promise<Fixture> {
  if (engine === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'geo-flag-command-'));
    const dataDir = join(dir, 'main');
    const config: DatabaseConfig = { kind: 'pglite', dataDir };
    const snapshot = inject('pgliteSnapshots')?.main;
    const database = await openDatabase<MainDatabase>(
      config,
      snapshot ? { pglite: await pgliteStartFrom(snapshot) } : {},
    );
    try {
      if (!snapshot) await migrateUp(database.db, migrationSources(RUNTIME_ROOT, 'main'));
    } finally {
      await database.close(); // PGlite: one instance per directory at a time.
    }
    const conf = join(dataDir, 'postgresql.conf');
    return {
      setting: dataDir,
      config,
      readOnly: async () => {
        const original = await readFile(conf, 'utf8');
        await writeFile(conf, `${original}\ndefault_transaction_read_only = on\n`);
        return () => writeFile(conf, original);
      },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `geo_test_flag_command_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplates').main}`);
  const url = postgresUrlFor(name);
  return {
    setting: url,
    config: { kind: 'postgres', url },
    readOnly: async () => {
      await adminQuery(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
      return () => adminQuery(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
    },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** The one line a refused command prints, `geo-runtime: ` dropped. */
function refusal(result: CliResult): string {
  expect(result, result.stdout + result.stderr).toMatchObject({ code: 1, stdout: '' });
  const lines = result.stderr.split('\n');
  expect(lines, result.stderr).toHaveLength(2); // one line and its newline
  expect(lines[0]).toMatch(/^geo-runtime: /);
  return (lines[0] ?? '').replace(/^geo-runtime: /, '');
}

function succeeded(result: CliResult): string {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

for (const engine of selectedEngines()) {
  const unavailable = engine === 'postgres' ? inject('postgresUnavailable') : null;
  describe.skipIf(unavailable !== null)(`geo-runtime flag:* [${engine}]`, () => {
    let fixture: Fixture | undefined;
    let definitions: ReadonlyMap<string, FeatureFlagDefinition> = new Map();
    const ready = () => {
      if (!fixture) throw new Error('The main database is used before beforeAll() made it.');
      return fixture;
    };
    const geoRuntime = (...argv: string[]) => runGeoRuntime(argv, ready().setting);

    /** Runs `read` on the main database opened as a site would: the primary's or a secondary's view. */
    async function asSite<T>(
      role: 'primary' | 'secondary',
      read: (flags: FeatureFlags) => Promise<T>,
    ): Promise<T> {
      const database = await openDatabase<MainDatabase>(ready().config, {
        readOnly: role === 'secondary',
      });
      try {
        return await read(new FeatureFlags(database.db, definitions));
      } finally {
        await database.close();
      }
    }

    /** Every row of feature_gates, as written. */
    async function gates() {
      const database = await openDatabase<MainDatabase>(ready().config);
      try {
        return await database.db.selectFrom('feature_gates').selectAll().orderBy('key').execute();
      } finally {
        await database.close();
      }
    }

    beforeAll(async () => {
      definitions = await loadFeatureFlagDefinitions(DEFINITIONS_DIR);
      expect(definitions.get(FLAG)?.defaultEnabled).toBe(false);
      fixture = await mainDatabase(engine);
    });
    afterAll(async () => {
      await fixture?.drop();
    });
    beforeEach(async () => {
      const database = await openDatabase<MainDatabase>(ready().config);
      try {
        await database.db.deleteFrom('feature_gates').execute();
      } finally {
        await database.close();
      }
    });

    it('flag:list shows every defined flag: its default, no override, and its effective state', async () => {
      const lines = succeeded(await geoRuntime('flag:list'))
        .trimEnd()
        .split('\n');
      expect(lines[0]).toMatch(/^flag +default +persisted +effective$/);
      const names = [...definitions.keys()].sort();
      expect(lines.slice(1).map((line) => line.split(/ +/))).toEqual(
        names.map((name) => {
          const state = definitions.get(name)?.defaultEnabled ? 'enabled' : 'disabled';
          return [name, state, '-', state];
        }),
      );
    });

    it('flag:enable persists an override that sites read back; flag:disable turns it off again', async () => {
      expect(await asSite('primary', (flags) => flags.isEnabled(FLAG))).toBe(false);

      expect(succeeded(await geoRuntime('flag:enable', FLAG))).toBe(
        `${FLAG}: enabled (default: disabled)\n`,
      );
      expect(await asSite('primary', (flags) => flags.isEnabled(FLAG, false))).toBe(true);
      expect(await asSite('secondary', (flags) => flags.isEnabled(FLAG, false))).toBe(true);
      expect(succeeded(await geoRuntime('flag:list'))).toMatch(
        new RegExp(`^${FLAG} +disabled +enabled +enabled$`, 'm'),
      );
      expect(succeeded(await geoRuntime('flag:enable', FLAG))).toBe(
        `${FLAG}: already enabled (default: disabled); nothing changed\n`,
      );

      expect(succeeded(await geoRuntime('flag:disable', FLAG))).toBe(
        `${FLAG}: disabled, was enabled (default: disabled)\n`,
      );
      expect(await asSite('primary', (flags) => flags.isEnabled(FLAG))).toBe(false);
      expect(await asSite('secondary', (flags) => flags.isEnabled(FLAG))).toBe(false);
      expect(succeeded(await geoRuntime('flag:list'))).toMatch(
        new RegExp(`^${FLAG} +disabled +disabled +disabled$`, 'm'),
      );
      // Only the flag named was touched.
      expect((await gates()).map((gate) => [gate.key, gate.enabled])).toEqual([[FLAG, false]]);
    });

    it('flag:disable of a flag already off by default persists it, saying so', async () => {
      expect(succeeded(await geoRuntime('flag:disable', FLAG))).toBe(
        `${FLAG}: disabled (default: disabled), now persisted: it no longer follows the default\n`,
      );
      expect(await asSite('secondary', (flags) => flags.state(FLAG))).toMatchObject({
        persisted: false,
        enabled: false,
      });
    });

    it('flag:list --json prints one JSON array: name, type, group, default, override, effective state', async () => {
      succeeded(await geoRuntime('flag:enable', FLAG));
      const stdout = succeeded(await geoRuntime('flag:list', '--json'));
      expect(stdout.endsWith('\n')).toBe(true);
      expect(stdout.trimEnd()).not.toContain('\n');
      const entries = JSON.parse(stdout) as FlagListEntry[];
      expect(entries).toEqual(
        [...definitions.values()]
          .sort((a, b) => (a.name < b.name ? -1 : 1))
          .map((definition) => ({
            name: definition.name,
            type: definition.type,
            group: definition.group,
            default_enabled: definition.defaultEnabled,
            persisted: definition.name === FLAG ? true : null,
            enabled: definition.name === FLAG ? true : definition.defaultEnabled,
          })),
      );
    });

    it('refuses an undefined flag in one line naming the nearest defined ones (or all), exit 1, nothing written', async () => {
      succeeded(await geoRuntime('flag:enable', FLAG));
      const before = await gates();

      const typo = refusal(await geoRuntime('flag:disable', 'geo_package_file_replicaton'));
      expect(typo).toBe(
        `No feature flag geo_package_file_replicaton is defined in ${DEFINITIONS_DIR}: did you mean ${FLAG}? Nothing was changed.`,
      );
      const unrelated = refusal(await geoRuntime('flag:enable', 'dark_mode'));
      expect(unrelated).toBe(
        `No feature flag dark_mode is defined in ${DEFINITIONS_DIR}; the defined flags are ${[...definitions.keys()].sort().join(', ')}. Nothing was changed.`,
      );
      expect(await gates()).toEqual(before);
    });

    it("refuses to write to a read-only database (a secondary's), in one line, and still lists", async () => {
      succeeded(await geoRuntime('flag:enable', FLAG));
      const before = await gates();
      const restore = await ready().readOnly();
      try {
        const line = refusal(await geoRuntime('flag:disable', FLAG));
        expect(line).toMatch(
          /^The main database \(.*\) is read-only for flag:disable: its transactions are read-only \(default_transaction_read_only is on\), as a secondary's are\. Flags are set on the primary's main database, which secondaries read: point --database \(GEO_MAIN_DATABASE\) at the primary's\. Nothing was changed\.$/,
        );
        expect(succeeded(await geoRuntime('flag:list'))).toMatch(
          new RegExp(`^${FLAG} +disabled +enabled +enabled$`, 'm'),
        );
      } finally {
        await restore();
      }
      expect(await gates()).toEqual(before);
    });

    if (engine === 'postgres') {
      it('refuses to write as the role secondaries read the main database as', async () => {
        const reader = mainDatabaseReaderUrl(ready().setting);
        const line = refusal(await runGeoRuntime(['flag:enable', FLAG], reader));
        expect(line).toContain(
          `is read-only for flag:enable: it is connected as ${MAIN_DATABASE_READER}, the role secondaries read it as, which may only SELECT. Flags are set on the primary's main database, which secondaries read: point --database (GEO_MAIN_DATABASE) at the primary's, as the role db:migrate runs as. Nothing was changed.`,
        );
        expect(await gates()).toEqual([]);
        expect(succeeded(await runGeoRuntime(['flag:list'], reader))).toMatch(
          new RegExp(`^${FLAG} +disabled +- +disabled$`, 'm'),
        );
      });

      it('refuses a database that is not migrated, saying to migrate the primary', async () => {
        const name = `geo_test_flag_unmigrated_${process.pid}_${randomBytes(3).toString('hex')}`;
        await adminQuery(`CREATE DATABASE ${name}`);
        try {
          const url = postgresUrlFor(name);
          expect(refusal(await runGeoRuntime(['flag:list'], url))).toBe(
            `The main database (PostgreSQL ${url}) has no feature_gates table: run geo-runtime db:migrate on the primary first.`,
          );
        } finally {
          await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      });
    }
  });
}

describe('geo-runtime flag:* settings', () => {
  it('refuses PGlite in memory: the flags of a new, empty database would be lost', async () => {
    const result = await runGeoRuntime(['flag:enable', FLAG], '');
    expect(refusal(result)).toBe(
      `flag:enable works on the primary's main database: give it with --database (GEO_MAIN_DATABASE) (a postgres:// URL or a PGlite directory); PGlite in memory would be a new, empty database.`,
    );
  });
});
