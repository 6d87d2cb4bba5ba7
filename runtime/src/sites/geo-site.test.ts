import { expect, it } from 'vitest';
import { ReadOnlyDatabaseError } from '../db/errors.ts';
import { useGeoSites } from '../testing/geo-test-sites.ts';
import { describeOnEachEngine } from '../testing/test-databases.ts';
import { GeoNodes } from './geo-nodes.ts';
import { GeoSite, TrackingDatabaseMissingError } from './geo-site.ts';

describeOnEachEngine('Geo sites', (databases) => {
  const geo = useGeoSites(databases);

  it('creates sites with generated keys and the defaults of the design', async () => {
    const node = geo.secondary.node;
    expect(node.accessKey).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(node.secretAccessKey).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(node.accessKey).not.toBe(geo.primary.node.accessKey);
    expect(node).toMatchObject({
      primary: false,
      enabled: true,
      selectiveSync: { type: 'none' },
      syncObjectStorage: false,
      filesMaxCapacity: 10,
      reposMaxCapacity: 25,
      verificationMaxCapacity: 100,
      minimumReverificationInterval: 7,
      internalUrl: 'http://secondary.test',
    });
  });

  it('knows whether it is the primary or a secondary', async () => {
    expect([geo.primary.isPrimary(), geo.primary.isSecondary()]).toEqual([true, false]);
    expect([geo.secondary.isPrimary(), geo.secondary.isSecondary()]).toEqual([false, true]);
    const unknown = await GeoSite.load({
      name: 'not-set-up',
      mainDb: databases.main,
      storageRoot: '/tmp/unused',
      featureFlagDefinitions: new Map(),
    });
    expect([unknown.isPrimary(), unknown.isSecondary()]).toEqual([false, false]);
    expect(() => unknown.node).toThrow(/No Geo site named 'not-set-up'/);
  });

  it('allows one primary only', async () => {
    await expect(
      new GeoNodes(databases.main).create({
        name: 'second-primary',
        url: 'http://x',
        primary: true,
      }),
    ).rejects.toThrow(/index_geo_nodes_on_primary/);
  });

  it('finds enabled sites by access key only', async () => {
    const nodes = new GeoNodes(databases.main);
    expect((await nodes.findEnabledByAccessKey(geo.secondary.node.accessKey))?.name).toBe(
      'secondary',
    );
    await nodes.update('secondary', { enabled: false });
    expect(await nodes.findEnabledByAccessKey(geo.secondary.node.accessKey)).toBeUndefined();
  });

  it('stores selective sync by namespaces or shards', async () => {
    const nodes = new GeoNodes(databases.main);
    await nodes.update('secondary', {
      selectiveSync: { type: 'namespaces', namespaceIds: [3, 5] },
    });
    expect((await geo.secondary.reload())?.selectiveSync).toEqual({
      type: 'namespaces',
      namespaceIds: [3, 5],
    });
    await nodes.update('secondary', { selectiveSync: { type: 'shards', shards: ['east'] } });
    expect((await geo.secondary.reload())?.selectiveSync).toEqual({
      type: 'shards',
      shards: ['east'],
    });
  });

  it('refuses every write to the main database from a secondary, with a clear error', async () => {
    const db = geo.secondary.mainDb;
    await expect(
      db.insertInto('namespaces').values({ name: 'n', path: 'n' }).execute(),
    ).rejects.toThrow(ReadOnlyDatabaseError);
    await expect(db.updateTable('geo_nodes').set({ enabled: false }).execute()).rejects.toThrow(
      /Refusing an UPDATE: this site is a Geo secondary/,
    );
    await expect(db.deleteFrom('geo_events').execute()).rejects.toThrow(/Refusing a DELETE/);
    await expect(geo.secondary.flags.enable('geo_package_file_replication')).rejects.toThrow(
      ReadOnlyDatabaseError,
    );
    // Reads still work.
    expect(
      (await db.selectFrom('geo_nodes').select('name').orderBy('id').execute()).map((n) => n.name),
    ).toEqual(['primary', 'secondary']);
  });

  it('has a tracking database only where one is configured', () => {
    expect(geo.secondary.trackingDb).toBeDefined();
    expect(() => geo.primary.trackingDb).toThrow(TrackingDatabaseMissingError);
  });
});
