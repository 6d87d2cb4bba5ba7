import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Strategy } from '../../src/generate/strategies.ts';
import { PINNED_HOST } from '../support/pinned-host.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, runtimeCopy } from '../support/runtime-copy.ts';

/** A data type of the pinned host that the generator must reproduce byte for byte. */
interface GoldenDataType {
  readonly name: string;
  readonly strategy: Strategy;
  /** Every file `geo-gen replicable <name>` creates but its migrations. */
  readonly generated: readonly string[];
  /** Its migrations, by name without their timestamp. */
  readonly migrations: readonly string[];
}

/** The files every data type gets (its model's folder included), for `package-file` or the like. */
const commonFiles = (file: string, registry: string): string[] => [
  `app/factories/${file}-factory.ts`,
  `app/factories/${registry}-factory.ts`,
  `app/finders/${registry}-finder.test.ts`,
  `app/finders/${registry}-finder.ts`,
  `app/graphql/requests/${file}-registries.test.ts`,
  `app/graphql/resolvers/${file}-registries-resolver.test.ts`,
  `app/graphql/resolvers/${file}-registries-resolver.ts`,
  `app/graphql/types/${registry}-type.test.ts`,
  `app/graphql/types/${registry}-type.ts`,
  `app/models/${file}.test.ts`,
  `app/models/${file}.ts`,
  `app/registries/${registry}.test.ts`,
  `app/registries/${registry}.ts`,
  `app/replicators/${file}-replicator.test.ts`,
  `app/replicators/${file}-replicator.ts`,
];

/** The model's table, then the inline verification state's three migrations. */
const modelMigrations = (table: string): string[] => [
  `db/migrate/_create_${table}.ts`,
  `db/migrate/_add_verification_state_to_${table}.ts`,
  `db/migrate/_add_verification_failure_limit_to_${table}.ts`,
  `db/migrate/_add_verification_indexes_to_${table}.ts`,
];

const GOLDEN: readonly GoldenDataType[] = [
  {
    name: 'PackageFile',
    strategy: 'blob',
    generated: [
      ...commonFiles('package-file', 'package-file-registry'),
      'app/uploaders/package-file-uploader.ts',
      'config/feature_flags/development/geo_package_file_replication.yml',
    ],
    migrations: [
      'db/geo/migrate/_create_package_file_registry.ts',
      ...modelMigrations('package_files'),
    ],
  },
  {
    name: 'ProjectRepository',
    strategy: 'repository',
    generated: [
      ...commonFiles('project-repository', 'project-repository-registry'),
      'config/feature_flags/development/geo_project_repository_replication.yml',
    ],
    migrations: [
      'db/geo/migrate/_create_project_repository_registry.ts',
      ...modelMigrations('project_repositories'),
    ],
  },
];

/** `db/migrate/20261126000000_create_package_files.ts` → `db/migrate/_create_package_files.ts`. */
const withoutTimestamp = (path: string) => path.replace(/\/\d{14}_/, '/_');

/** A host's migrations among `names` (without timestamps), by name. */
async function migrationsOf(root: string, names: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const folder of ['db/migrate', 'db/geo/migrate']) {
    for (const file of await readdir(join(root, folder))) {
      const path = `${folder}/${file}`;
      if (names.includes(withoutTimestamp(path))) found.set(withoutTimestamp(path), path);
    }
  }
  return found;
}

// Against the pinned host, which pinned-host.test.ts keeps equal to runtime/'s committed files.
describe.each(GOLDEN)('golden: $name ($strategy)', ({ name, strategy, generated, migrations }) => {
  it(`generating ${name} into a host without it reproduces the committed files`, async () => {
    const copy = await runtimeCopy();
    onTestFinished(copy.remove);
    const host = copy.root;
    const committedMigrations = await migrationsOf(PINNED_HOST, migrations);
    expect([...committedMigrations.keys()].sort()).toEqual([...migrations].sort());
    for (const path of [...generated, ...committedMigrations.values()]) await rm(join(host, path));

    const result = await runMain(
      ['replicable', name, '--strategy', strategy, '--yes', '--json', '--root', host],
      { cwd: host, seams: { templatesDir: REAL_TEMPLATES } },
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { created: string[]; updated: string[] };
    // The lists already name the data type: nothing to patch.
    expect(plan.updated).toEqual([]);
    expect(plan.created.map(withoutTimestamp).sort()).toEqual([...generated, ...migrations].sort());

    for (const path of generated) {
      expect(await readFile(join(host, path), 'utf8'), path).toBe(
        await readFile(join(PINNED_HOST, path), 'utf8'),
      );
    }
    const generatedMigrations = await migrationsOf(host, migrations);
    for (const [migration, committed] of committedMigrations) {
      const path = generatedMigrations.get(migration);
      expect(path, migration).toBeDefined();
      expect(await readFile(join(host, path ?? ''), 'utf8'), migration).toBe(
        await readFile(join(PINNED_HOST, committed), 'utf8'),
      );
    }
  });
});
