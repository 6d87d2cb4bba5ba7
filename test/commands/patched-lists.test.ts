import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import { REPLICABLE_PATCHES } from '../../src/commands/replicable/patches.ts';
import { hostCopy, listing } from '../support/host-copy.ts';
import { runMain } from '../support/run-main.ts';
import { REAL_TEMPLATES } from '../support/runtime-copy.ts';

const seams = { templatesDir: REAL_TEMPLATES, patches: REPLICABLE_PATCHES };
const run = (argv: string[], host: string) => runMain(argv, { cwd: host, seams });

/**
 * The host's three patched lists as a team might keep them (prettier-formatted, as the host's
 * files are): line and block comments before, after and between entries, a blank line, a spread,
 * trailing commas and multi-line entries.
 */
const LISTS: Record<string, string> = {
  'app/replicator-classes.ts': `import type { ReplicatorClass } from 'geo-runtime';
import { PackageFileReplicator } from './replicators/package-file-replicator.ts'; // built in
import { ProjectRepositoryReplicator } from './replicators/project-repository-replicator.ts';

/* Replicators another package contributes. */
const OTHER_CLASSES: readonly ReplicatorClass[] = [];

export const REPLICATOR_CLASSES: readonly ReplicatorClass[] = [
  // Files of packages.
  PackageFileReplicator, // the first one
  /* a block comment between entries */
  ProjectRepositoryReplicator,
  ...OTHER_CLASSES,

  /* the end of the list */
];
`,
  'app/graphql/geo-node-registry-fields.ts': `import type { GeoNodeRegistryField } from 'geo-runtime/graphql';
import { PackageFileRegistriesResolver } from './resolvers/package-file-registries-resolver.ts';
import { PackageFileRegistryType } from './types/package-file-registry-type.ts';
import { ProjectRepositoryRegistriesResolver } from './resolvers/project-repository-registries-resolver.ts';
import { ProjectRepositoryRegistryType } from './types/project-repository-registry-type.ts';

const EXTRA_FIELDS: readonly GeoNodeRegistryField[] = [];

export const GEO_NODE_REGISTRY_FIELDS: readonly GeoNodeRegistryField[] = [
  {
    // Package files.
    name: 'packageFileRegistries',
    type: PackageFileRegistryType /* the type */,
    resolver: PackageFileRegistriesResolver,
    description: 'Find Package File registries on this Geo node',
    featureFlag: 'geo_package_file_replication',
  },

  // Git repositories.
  {
    name: 'projectRepositoryRegistries',
    type: ProjectRepositoryRegistryType,
    resolver: ProjectRepositoryRegistriesResolver,
    description: 'Find Project Repository registries on this Geo node',
    featureFlag: 'geo_project_repository_replication',
  },
  ...EXTRA_FIELDS, // from elsewhere
];
`,
  'app/geo-node-status.test.ts': `import {
  describeOnEachEngine,
  itReportsReplicableStatus,
  useGeoSites,
  type ReplicableStatusRow,
} from 'geo-runtime/testing';
import { packageFileFactory } from './factories/package-file-factory.ts';
import { packageFileRegistryFactory } from './factories/package-file-registry-factory.ts';
import { PackageFileReplicator } from './replicators/package-file-replicator.ts';
import { projectRepositoryFactory } from './factories/project-repository-factory.ts';
import { projectRepositoryRegistryFactory } from './factories/project-repository-registry-factory.ts';
import { ProjectRepositoryReplicator } from './replicators/project-repository-replicator.ts';

const REPLICABLE_STATUS_ROWS: readonly ReplicableStatusRow[] = [
  /* rows */
  {
    replicator: PackageFileReplicator, // the first
    modelFactory: packageFileFactory,
    registryFactory: packageFileRegistryFactory,
  },
  {
    replicator: ProjectRepositoryReplicator,
    modelFactory: projectRepositoryFactory,
    registryFactory: projectRepositoryRegistryFactory,
  },
  // no more rows
];

describeOnEachEngine('Geo node status', (databases) => {
  const geo = useGeoSites(databases);
  itReportsReplicableStatus(REPLICABLE_STATUS_ROWS, geo);
});
`,
};

function removedLines(before: string, after: string): string[] {
  return diffLines(before, after)
    .filter((part) => part.removed)
    .map((part) => part.value);
}

describe('the lists geo-gen patches', () => {
  it('keep their comments, blank lines, spreads and trailing commas through replicable, release and remove', async () => {
    const host = await hostCopy();
    for (const [path, text] of Object.entries(LISTS)) await writeFile(join(host, path), text);
    const before = await listing(host);

    const generated = await run(['replicable', 'CoolWidget', '--strategy', 'blob', '--yes'], host);
    expect(generated.code, generated.stderr).toBe(0);
    for (const [path, text] of Object.entries(LISTS)) {
      const patched = await readFile(join(host, path), 'utf8');
      expect(patched, path).toContain('CoolWidget');
      expect(removedLines(text, patched), `${path} lost lines`).toEqual([]);
    }
    expect((await run(['check'], host)).code).toBe(0);

    const released = await run(['release', 'CoolWidget'], host);
    expect(released.code, released.stderr).toBe(0);
    const fields = 'app/graphql/geo-node-registry-fields.ts';
    const releasedFields = await readFile(join(host, fields), 'utf8');
    expect(releasedFields).not.toContain("featureFlag: 'geo_cool_widget_replication'");
    expect(releasedFields).toContain("featureFlag: 'geo_package_file_replication'");

    const removed = await run(['remove', 'CoolWidget'], host);
    expect(removed.code, removed.stderr).toBe(0);
    for (const path of Object.keys(LISTS)) {
      expect(await readFile(join(host, path), 'utf8'), path).toBe(LISTS[path]);
    }
    expect(await listing(host)).toEqual(before);
  });
});
