import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PINNED_HOST } from '../support/pinned-host.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES, runtimeCopy } from '../support/runtime-copy.ts';

/** Every file `geo-gen replicable PackageFile --strategy blob` creates (migrations by name, timestamps aside). */
const GENERATED = [
  'app/factories/package-file-factory.ts',
  'app/factories/package-file-registry-factory.ts',
  'app/finders/package-file-registry-finder.test.ts',
  'app/finders/package-file-registry-finder.ts',
  'app/graphql/requests/package-file-registries.test.ts',
  'app/graphql/resolvers/package-file-registries-resolver.test.ts',
  'app/graphql/resolvers/package-file-registries-resolver.ts',
  'app/graphql/types/package-file-registry-type.test.ts',
  'app/graphql/types/package-file-registry-type.ts',
  'app/models/package-file.test.ts',
  'app/models/package-file.ts',
  'app/registries/package-file-registry.test.ts',
  'app/registries/package-file-registry.ts',
  'app/replicators/package-file-replicator.test.ts',
  'app/replicators/package-file-replicator.ts',
  'app/uploaders/package-file-uploader.ts',
  'config/feature_flags/development/geo_package_file_replication.yml',
];
const MIGRATIONS = [
  'db/geo/migrate/_create_package_file_registry.ts',
  'db/migrate/_create_package_files.ts',
  'db/migrate/_add_verification_state_to_package_files.ts',
  'db/migrate/_add_verification_failure_limit_to_package_files.ts',
  'db/migrate/_add_verification_indexes_to_package_files.ts',
];

/** `db/migrate/20261126000000_create_package_files.ts` → `db/migrate/_create_package_files.ts`. */
const withoutTimestamp = (path: string) => path.replace(/\/\d{14}_/, '/_');

async function migrationsOf(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const folder of ['db/migrate', 'db/geo/migrate']) {
    for (const file of await readdir(join(root, folder))) {
      const path = `${folder}/${file}`;
      if (MIGRATIONS.includes(withoutTimestamp(path))) found.set(withoutTimestamp(path), path);
    }
  }
  return found;
}

// Against the pinned host, which pinned-host.test.ts keeps equal to runtime/'s committed files.
describe('golden: PackageFile', () => {
  it('generating PackageFile into a host without it reproduces the committed files', async () => {
    const copy = await runtimeCopy();
    onTestFinished(copy.remove);
    const host = copy.root;
    const committedMigrations = await migrationsOf(PINNED_HOST);
    expect([...committedMigrations.keys()].sort()).toEqual([...MIGRATIONS].sort());
    for (const path of [...GENERATED, ...committedMigrations.values()]) await rm(join(host, path));

    const result = await runMain(
      ['replicable', 'PackageFile', '--strategy', 'blob', '--yes', '--json', '--root', host],
      {
        cwd: host,
        seams: { templatesDir: REAL_TEMPLATES },
      },
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { created: string[]; updated: string[] };
    // The lists already name PackageFile: nothing to patch.
    expect(plan.updated).toEqual([]);
    expect(plan.created.map(withoutTimestamp).sort()).toEqual([...GENERATED, ...MIGRATIONS].sort());

    for (const path of GENERATED) {
      expect(await readFile(join(host, path), 'utf8'), path).toBe(
        await readFile(join(PINNED_HOST, path), 'utf8'),
      );
    }
    const generatedMigrations = await migrationsOf(host);
    for (const [name, committed] of committedMigrations) {
      const generated = generatedMigrations.get(name);
      expect(generated, name).toBeDefined();
      expect(await readFile(join(host, generated ?? ''), 'utf8'), name).toBe(
        await readFile(join(PINNED_HOST, committed), 'utf8'),
      );
    }
  });
});
