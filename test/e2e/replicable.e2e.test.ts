import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_NODE_ARGS } from '../support/child.ts';
import { snapshot } from '../support/host.ts';
import { runCommand as run } from '../support/run-command.ts';
import { REPO_ROOT, runtimeCopy } from '../support/runtime-copy.ts';

/** The parts of vitest's JSON report (`--reporter=json`) the specs' verdict is read from. */
interface VitestReport {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numFailedTestSuites: number;
  readonly testResults: readonly {
    readonly name: string;
    readonly status: string;
    readonly message: string;
    readonly assertionResults: readonly {
      readonly fullName: string;
      readonly status: string;
      readonly failureMessages: readonly string[];
    }[];
  }[];
}

const geoGen = (args: readonly string[], cwd: string) =>
  run(process.execPath, [...SOURCE_NODE_ARGS, join(REPO_ROOT, 'bin/geo-gen.cjs'), ...args], cwd);
const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);

/**
 * The whole promise of `geo-gen replicable`, on a copy of the runtime: CoolWidget with verification
 * state on its table, Person (irregular plural) with a separate states table, and SnippetRepository
 * (the repository strategy, its model created); the result type-checks, its generated specs
 * pass, a re-run is refused, and the blob types replicate.
 */
describe('geo-gen replicable, end to end', () => {
  let host: string;
  let created: string[] = [];
  let removeCopy = async () => {};

  afterAll(() => removeCopy());

  beforeAll(async () => {
    const copy = await runtimeCopy('geo-gen-e2e-');
    removeCopy = copy.remove;
    host = copy.root;
    const coolWidget = await geoGen(
      ['replicable', 'CoolWidget', '--strategy', 'blob', '--yes', '--json'],
      host,
    );
    expect(coolWidget.stderr).toMatch(/^wrote \d+ files/);
    expect(coolWidget.code).toBe(0);
    const person = await geoGen(
      [
        'replicable',
        'Person',
        '--strategy',
        'blob',
        '--verification-table',
        'separate',
        '--yes',
        '--json',
      ],
      host,
    );
    expect(person.code).toBe(0);
    const snippetRepository = await geoGen(
      ['replicable', 'SnippetRepository', '--strategy', 'repository', '--yes', '--json'],
      host,
    );
    expect(snippetRepository.code).toBe(0);
    created = [coolWidget, person, snippetRepository].flatMap(
      (ran) => (JSON.parse(ran.stdout) as { created: string[] }).created,
    );
  }, 120_000);

  it('writes every file of the template, with the plural and the states table where they belong', () => {
    expect(created).toEqual(
      expect.arrayContaining([
        'app/models/cool-widget.ts',
        'app/replicators/cool-widget-replicator.ts',
        'app/graphql/types/cool-widget-registry-type.ts',
        'config/feature_flags/development/geo_cool_widget_replication.yml',
        expect.stringMatching(/^db\/migrate\/\d{14}_add_verification_indexes_to_cool_widgets\.ts$/),
        expect.stringMatching(/^db\/geo\/migrate\/\d{14}_create_person_registry\.ts$/),
        expect.stringMatching(/^db\/migrate\/\d{14}_create_people\.ts$/),
        expect.stringMatching(/^db\/migrate\/\d{14}_create_person_states\.ts$/),
        'app/models/snippet-repository.ts',
        'app/replicators/snippet-repository-replicator.test.ts',
        'app/registries/snippet-repository-registry.ts',
        expect.stringMatching(/^db\/migrate\/\d{14}_create_snippet_repositories\.ts$/),
        expect.stringMatching(/^db\/geo\/migrate\/\d{14}_create_snippet_repository_registry\.ts$/),
      ]),
    );
    // A repository's data is git: no uploader.
    expect(created.filter((path) => path.includes('snippet-repository-uploader'))).toEqual([]);
  });

  it('type-checks', async () => {
    const tsc = await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], host);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  }, 120_000);

  it('refuses to run again over its own files, and writes nothing', async () => {
    const before = await snapshot(host);
    const again = await geoGen(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], host);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/the host already has a replicator CoolWidgetReplicator/);
    expect(await snapshot(host)).toEqual(before);
  });

  it('passes its generated specs', async () => {
    const generated = created.filter((path) => path.endsWith('.test.ts'));
    expect(generated.length).toBeGreaterThanOrEqual(21);
    const specs = [...generated, 'app/geo-node-status.test.ts'];
    // The verdict comes from vitest's JSON report: its human output may say "failed" in a title.
    const reportFile = join(dirname(host), 'vitest-report.json');
    const vitest = await run(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
        ...specs,
      ],
      host,
      // PGlite only here: the same suites run on PostgreSQL in the runtime's own run.
      { GEO_TEST_ENGINES: 'pglite', NO_COLOR: '1', FORCE_COLOR: '0' },
    );
    const text = await readFile(reportFile, 'utf8').catch((error: unknown) => {
      throw new Error(`vitest wrote no JSON report (exit ${vitest.code}):\n${vitest.stderr}`, {
        cause: error,
      });
    });
    const report = JSON.parse(text) as VitestReport;
    const failures = report.testResults.flatMap((file) => [
      // A file fails on its own when it does not load or a hook throws (its tests are skipped).
      ...(file.status === 'failed' ? [`${file.name}: ${file.message || 'a hook failed'}`] : []),
      ...file.assertionResults
        .filter((test) => test.status === 'failed')
        .map((test) => `${test.fullName}: ${test.failureMessages[0] ?? ''}`),
    ]);
    expect(failures).toEqual([]);
    expect(report.numFailedTests).toBe(0);
    expect(report.numFailedTestSuites).toBe(0);
    expect(report.numPassedTests).toBeGreaterThan(0);
    expect(report.testResults.map((file) => relative(host, file.name)).sort()).toEqual(
      [...specs].sort(),
    );
    expect(vitest.code, vitest.stderr).toBe(0);
  }, 600_000);

  it('replicates and verifies the new blob and repository types between two sites once their flags are on', async () => {
    const demo = await run(
      bin('tsx'),
      ['--conditions=geo-source', 'scripts/demo.ts', '--count', '3', '--json'],
      host,
    );
    expect(demo.code).toBe(0);
    const results = JSON.parse(demo.stdout.trim().split('\n').at(-1) ?? '{}') as Record<
      string,
      unknown
    >;
    const converged = {
      created: 3,
      synced: 2,
      verified: 2,
      deleted: 1,
      mismatches_detected: 1,
      resynced: 1,
    };
    expect(results).toEqual({
      package_file: converged,
      project_repository: converged,
      cool_widget: converged,
      person: converged,
      snippet_repository: converged,
    });
  }, 300_000);
});
