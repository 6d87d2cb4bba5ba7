import { describe, expect, it } from 'vitest';
import type { ReplicatorClass } from '../../replicator/replicator.ts';
import { collectSiteStatus, statusFields } from '../../status/site-status.ts';
import type { SiteParams } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';

type Creates = { create(): Promise<unknown> };

/** A registry trait whose rows may be dated (`create({ created_at })`). */
type CreatesRegistry = { create(attributes?: { readonly created_at?: Date }): Promise<unknown> };

/** What the table uses of a model factory (any model's `BlobModelFactory` fits). */
export type StatusModelFactory = {
  transient(
    params: SiteParams,
  ): Creates & { verificationSucceeded(): Creates; verificationFailed(): Creates };
};

/** What the table uses of a registry factory (any `RegistryFactory` fits). */
export type StatusRegistryFactory = {
  transient(params: SiteParams): CreatesRegistry & {
    failed(): CreatesRegistry;
    started(): CreatesRegistry;
    synced(): CreatesRegistry & { verificationSucceeded(): Creates };
  };
};

/** One row of a host's parameterised status table: a replicator and its two factories. */
export interface ReplicableStatusRow {
  readonly replicator: ReplicatorClass;
  readonly modelFactory: StatusModelFactory;
  readonly registryFactory: StatusRegistryFactory;
}

/** Whole seconds since the epoch, as the status reports times. */
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000);

/** `context 'Replicator stats'`: each replicable reports its `004` Step 2 fields on both sites. */
export function itReportsReplicableStatus(
  rows: readonly ReplicableStatusRow[],
  geo: GeoTestSites,
): void {
  // A new application's table is empty until its first data type (and a file without tests
  // fails): both sites still collect a status, with nothing to report.
  if (rows.length === 0) {
    it('collects an empty status on both sites while no data type is wired', async () => {
      expect(await collectSiteStatus(geo.primary, [])).toEqual({});
      expect(await collectSiteStatus(geo.secondary, [])).toEqual({});
    });
    return;
  }
  const replicators = rows.map((row) => row.replicator);
  const fieldsOf = async (site: GeoTestSites['primary']) =>
    statusFields(await collectSiteStatus(site, replicators), replicators);

  describe.each(rows.map((row) => [row.replicator.name, row] as const))(
    '%s status',
    (_name, row) => {
      const plural = row.replicator.replicableNamePlural;
      // Flags live in the main database, which the secondary only reads: set them on the primary.
      const setReplication = (enabled: boolean) =>
        enabled
          ? geo.primary.flags.enable(row.replicator.replicationFeatureFlag)
          : geo.primary.flags.disable(row.replicator.replicationFeatureFlag);

      it('reports counts and checksums on the primary', async () => {
        await setReplication(true);
        await row.modelFactory.transient({ site: geo.primary }).create();
        await row.modelFactory.transient({ site: geo.primary }).verificationSucceeded().create();
        await row.modelFactory.transient({ site: geo.primary }).verificationFailed().create();
        expect(await fieldsOf(geo.primary)).toMatchObject({
          [`${plural}_count`]: 3,
          [`${plural}_checksum_total_count`]: 3,
          [`${plural}_checksummed_count`]: 1,
          [`${plural}_checksum_failed_count`]: 1,
        });
      });

      it('reports null checksum counts on the primary while verification is disabled', async () => {
        await setReplication(false);
        await row.modelFactory.transient({ site: geo.primary }).verificationSucceeded().create();
        expect(await fieldsOf(geo.primary)).toMatchObject({
          [`${plural}_count`]: 1,
          [`${plural}_checksum_total_count`]: null,
          [`${plural}_checksummed_count`]: null,
          [`${plural}_checksum_failed_count`]: null,
        });
      });

      it('reports syncs, verifications and percentages on a secondary', async () => {
        await setReplication(true);
        const registries = row.registryFactory.transient({ site: geo.secondary });
        await registries.failed().create();
        await registries.synced().create();
        await registries.synced().verificationSucceeded().create();
        await registries.create();
        expect(await fieldsOf(geo.secondary)).toMatchObject({
          [`${plural}_count`]: 4,
          [`${plural}_synced_count`]: 2,
          [`${plural}_failed_count`]: 1,
          [`${plural}_registry_count`]: 4,
          [`${plural}_verification_total_count`]: 2,
          [`${plural}_verified_count`]: 1,
          [`${plural}_verification_failed_count`]: 0,
          [`${plural}_synced_in_percentage`]: 50,
          [`${plural}_verified_in_percentage`]: 25,
        });
      });

      it('reports null verification counts on a secondary while verification is disabled', async () => {
        await setReplication(false);
        const registries = row.registryFactory.transient({ site: geo.secondary });
        await registries.synced().verificationSucceeded().create();
        await registries.create();
        expect(await fieldsOf(geo.secondary)).toMatchObject({
          [`${plural}_registry_count`]: 2,
          [`${plural}_synced_count`]: 1,
          [`${plural}_synced_in_percentage`]: 50,
          [`${plural}_verification_total_count`]: null,
          [`${plural}_verified_count`]: null,
          [`${plural}_verification_failed_count`]: null,
          [`${plural}_verified_in_percentage`]: null,
        });
      });

      it('reports when the oldest unsynced registry was created, in epoch seconds', async () => {
        await setReplication(true);
        const registries = row.registryFactory.transient({ site: geo.secondary });
        const oldest = hoursAgo(3);
        // A synced registry older still does not count: it is not waiting for anything.
        await registries.synced().create({ created_at: hoursAgo(5) });
        await registries.failed().create({ created_at: oldest });
        await registries.started().create({ created_at: hoursAgo(2) });
        await registries.create({ created_at: hoursAgo(1) });
        expect(await fieldsOf(geo.secondary)).toMatchObject({
          [`${plural}_oldest_unsynced_time`]: epochSeconds(oldest),
        });
      });

      it('reports -1 as the oldest unsynced time when every registry is synced', async () => {
        await setReplication(true);
        expect(await fieldsOf(geo.secondary)).toMatchObject({
          [`${plural}_oldest_unsynced_time`]: -1,
        });
        await row.registryFactory.transient({ site: geo.secondary }).synced().create();
        expect(await fieldsOf(geo.secondary)).toMatchObject({
          [`${plural}_oldest_unsynced_time`]: -1,
        });
      });
    },
  );
}
