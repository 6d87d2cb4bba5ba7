import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { loadFeatureFlagDefinitions } from '../feature-flags/definition.ts';
import type { FeatureFlagDefinition } from '../feature-flags/definition.ts';
import { GeoNodes, type NewGeoNode } from '../sites/geo-nodes.ts';
import { GeoSite, type GeoSiteOptions } from '../sites/geo-site.ts';
import {
  defaultRepositoryStorages,
  type RepositoryStorages,
} from '../sites/repository-storages.ts';
import { applicationRoot } from './application-root.ts';
import { applicationFlagsFolder } from './application-sources.ts';
import type { TestDatabases } from './test-databases.ts';

/** A primary and one secondary over the test databases, re-created before each test. */
export interface GeoTestSites {
  readonly primary: GeoSite;
  readonly secondary: GeoSite;
  readonly databases: TestDatabases;
  /** Re-loads both sites (after changing their `geo_nodes` rows). */
  reload(): Promise<void>;
  /** A site over the same databases with another name and settings (a second secondary, say). */
  addSite(node: NewGeoNode, options?: Partial<GeoSiteOptions>): Promise<GeoSite>;
}

export interface GeoTestSitesOptions {
  /** The application whose feature flag definitions the sites load (default: the one under test). */
  readonly root?: string;
  readonly secondary?: Partial<NewGeoNode>;
  readonly siteOptions?: Partial<GeoSiteOptions>;
}

/** The shard besides `default` that every test site configures (selective sync by shards). */
export const SECOND_TEST_SHARD = 'east';

/**
 * A test site's repository storages: `default` as any site has it, and `east`, so that records
 * can live on two shards (see `itSelectsReplicablesForCurrentSecondary`).
 */
function testRepositoryStorages(storageRoot: string): RepositoryStorages {
  return {
    ...defaultRepositoryStorages(storageRoot),
    [SECOND_TEST_SHARD]: join(storageRoot, `repositories-${SECOND_TEST_SHARD}`),
  };
}

/**
 * Two sites sharing the main database (the secondary sees it read-only, as a streaming replica),
 * the secondary with the tracking database, each with its own storage directory (fresh for each
 * test) holding its files and its repository storages `default` and `east`.
 */
export function useGeoSites(
  databases: TestDatabases,
  options: GeoTestSitesOptions = {},
): GeoTestSites {
  // A parent directory per file, and a fresh storage below it per test: ids restart with every
  // test's databases, and a repository left by an earlier test at the same disk path would
  // otherwise be reused, refs and all.
  let parent: string | undefined;
  let storage: string | undefined;
  let definitions: ReadonlyMap<string, FeatureFlagDefinition> = new Map();
  let sites: { primary: GeoSite; secondary: GeoSite } | undefined;

  const siteOptions = (name: string, withTracking: boolean): GeoSiteOptions => {
    const storageRoot = options.siteOptions?.storageRoot ?? join(storage ?? tmpdir(), name);
    return {
      name,
      mainDb: databases.main,
      ...(withTracking ? { trackingDb: databases.tracking } : {}),
      storageRoot,
      repositoryStorages: testRepositoryStorages(storageRoot),
      featureFlagDefinitions: definitions,
      ...options.siteOptions,
    };
  };

  const load = async () => {
    sites = {
      primary: await GeoSite.load(siteOptions('primary', false)),
      secondary: await GeoSite.load(siteOptions('secondary', true)),
    };
  };

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'geo-sites-'));
    definitions = await loadFeatureFlagDefinitions(
      await applicationFlagsFolder(options.root ?? applicationRoot()),
    );
  });
  beforeEach(async () => {
    storage = await mkdtemp(join(parent ?? tmpdir(), 'test-'));
    const nodes = new GeoNodes(databases.main);
    await nodes.create({ name: 'primary', url: 'http://primary.test', primary: true });
    await nodes.create({ name: 'secondary', url: 'http://secondary.test', ...options.secondary });
    await load();
  });
  afterEach(async () => {
    if (storage) await rm(storage, { recursive: true, force: true, maxRetries: 3 });
    storage = undefined;
  });
  afterAll(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  const ready = () => {
    if (!sites) throw new Error('Geo test sites are used before beforeEach() created them.');
    return sites;
  };
  return {
    get primary() {
      return ready().primary;
    },
    get secondary() {
      return ready().secondary;
    },
    databases,
    reload: load,
    async addSite(node, overrides = {}) {
      await new GeoNodes(databases.main).create(node);
      return GeoSite.load({ ...siteOptions(node.name, !node.primary), ...overrides });
    },
  };
}
