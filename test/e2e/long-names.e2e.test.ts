import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { adminQuery } from '../../runtime/src/testing/postgres-templates.ts';
import { postgresUrlFor, selectedEngines } from '../../runtime/src/testing/services.ts';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { SOURCE_NODE_ARGS } from '../support/child.ts';
import { runCommand } from '../support/run-command.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, REPO_ROOT, runtimeCopy } from '../support/runtime-copy.ts';

/** Runs a command to completion; `output` is stdout then stderr. */
async function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await runCommand(command, args, cwd, env);
  return { code, output: stdout + stderr };
}

/** 40 and 60 characters, and one more sharing those 60: their identifiers must all differ. */
const LONG_NAMES = [
  ['QuarterlyComplianceAuditEvidenceDocument', 'inline'],
  ['QuarterlyComplianceAuditEvidenceDocumentRetentionPolicyEntry', 'separate'],
  ['QuarterlyComplianceAuditEvidenceDocumentRetentionPolicyEntryRecord', 'inline'],
] as const;

/** The SQL identifiers a migration writes: its quoted snake_case strings (`table.id` split). */
function sqlIdentifiersIn(source: string): string[] {
  return [...source.matchAll(/'([a-z][a-z0-9_.]*)'/g)].flatMap(([, text = '']) => text.split('.'));
}

/**
 * Long data type names on a copy of the runtime: every identifier of their migrations fits
 * PostgreSQL's 63 bytes, both databases migrate up and back down on each engine (PostgreSQL
 * would cut longer names alike and refuse the second index of a table as existing), and the
 * generated code type-checks.
 */
describe('geo-gen replicable with long names', () => {
  let host = '';
  const created: string[] = [];
  let removeCopy = async () => {};
  afterAll(() => removeCopy());

  beforeAll(async () => {
    const copy = await runtimeCopy('geo-gen-long-names-');
    removeCopy = copy.remove;
    host = copy.root;
    for (const [name, verificationTable] of LONG_NAMES) {
      const generated = await runMain(
        [
          'replicable',
          name,
          '--strategy',
          'blob',
          '--verification-table',
          verificationTable,
          '--yes',
          '--json',
        ],
        { cwd: host, seams: { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES } },
      );
      expect(generated.code, generated.stderr).toBe(0);
      created.push(...(JSON.parse(generated.stdout) as { created: string[] }).created);
    }
  }, 120_000);

  it('writes migrations whose identifiers all fit 63 bytes, each one distinct', async () => {
    const migrations = created.filter((path) => /^db\/(geo\/)?migrate\//.test(path));
    expect(migrations.length).toBeGreaterThanOrEqual(LONG_NAMES.length * 3);
    const indexNames: string[] = [];
    for (const path of migrations) {
      const source = await readFile(join(host, path), 'utf8');
      for (const identifier of sqlIdentifiersIn(source)) {
        expect(Buffer.byteLength(identifier), `${identifier} in ${path}`).toBeLessThanOrEqual(63);
      }
      indexNames.push(
        ...[...source.matchAll(/(?:createIndex\(|_NAME = )'([a-z0-9_]+)'/g)].map(([, n = '']) => n),
      );
    }
    expect(indexNames.length).toBeGreaterThan(20);
    expect(new Set(indexNames).size).toBe(indexNames.length);
  });

  it.each(selectedEngines())(
    'migrates both databases up and back down on %s',
    async (engine) => {
      const databases =
        engine === 'pglite'
          ? { main: join(dirname(host), 'main-db'), tracking: join(dirname(host), 'tracking-db') }
          : await postgresDatabases();
      const geoRuntime = (...args: string[]) =>
        run(process.execPath, [...SOURCE_NODE_ARGS, join(host, 'bin/geo-runtime'), ...args], host, {
          GEO_ROOT: host,
          GEO_MAIN_DATABASE: databases.main,
          GEO_TRACKING_DATABASE: databases.tracking,
        });
      for (const target of [[], ['--tracking']]) {
        const up = await geoRuntime('db:migrate', ...target);
        expect(up.output).toContain('Applied');
        expect(up.code, up.output).toBe(0);
        const down = await geoRuntime('db:rollback', '--steps', '1000', ...target);
        expect(down.output).toContain('Rolled back');
        expect(down.code, down.output).toBe(0);
      }
    },
    300_000,
  );

  it('type-checks', async () => {
    const tsc = await run(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsc'),
      ['--noEmit', '-p', 'tsconfig.json'],
      host,
    );
    expect(tsc.output).toBe('');
    expect(tsc.code).toBe(0);
  }, 300_000);
});

/** Two empty PostgreSQL databases for this test, dropped when it ends. */
async function postgresDatabases(): Promise<{ main: string; tracking: string }> {
  const [main, tracking] = ['main', 'tracking'].map(
    (target) => `geo_gen_long_names_${target}_${process.pid}`,
  ) as [string, string];
  for (const name of [main, tracking]) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${name}`);
    onTestFinished(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
  return { main: postgresUrlFor(main), tracking: postgresUrlFor(tracking) };
}
