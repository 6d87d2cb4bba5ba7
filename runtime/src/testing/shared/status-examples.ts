import { describe, expect, it } from 'vitest';
import type { ReplicatorClass } from '../../replicator/replicator.ts';
import { collectSiteStatus, statusFields } from '../../status/site-status.ts';
import type { SiteParams } from '../factories.ts';
import type { GeoTestSites } from '../geo-test-sites.ts';

type Creates = { create(): Promise<unknown> };

/** What the table uses of a model factory (any model's `BlobModelFactory` fits). */
export type StatusModelFactory = {
  transient(
    params: SiteParams,
  ): Creates & { verificationSucceeded(): Creates; verificationFailed(): Creates };
};

/** What the table uses of a registry factory (any `RegistryFactory` fits). */
export type StatusRegistryFactory = {
  transient(params: SiteParams): Creates & {
    failed(): Creates;
    synced(): Creates & { verificationSucceeded(): Creates };
  };
};

/** One row of a host's parameterised status table: a replicator and its two factories. */
export interface ReplicableStatusRow {
  readonly replicator: ReplicatorClass;
  readonly modelFactory: StatusModelFactory;
  readonly registryFactory: StatusRegistryFactory;
}

/** `context 'Replicator stats'`: each replicable reports its `004` Step 2 fields on both sites. */
export function itReportsReplicableStatus(
  rows: readonly ReplicableStatusRow[],
  geo: GeoTestSites,
): void {
  const replicators = rows.map((row) => row.replicator);

  describe.each(rows.map((row) => [row.replicator.name, row] as const))(
    '%s status',
    (_name, row) => {
      const plural = row.replicator.replicableNamePlural;

      it('reports counts and checksums on the primary', async () => {
        await row.modelFactory.transient({ site: geo.primary }).create();
        await row.modelFactory.transient({ site: geo.primary }).verificationSucceeded().create();
        await row.modelFactory.transient({ site: geo.primary }).verificationFailed().create();
        const fields = statusFields(await collectSiteStatus(geo.primary, replicators), replicators);
        expect(fields).toMatchObject({
          [`${plural}_count`]: 3,
          [`${plural}_checksum_total_count`]: 3,
          [`${plural}_checksummed_count`]: 1,
          [`${plural}_checksum_failed_count`]: 1,
        });
      });

      it('reports syncs, verifications and percentages on a secondary', async () => {
        const registries = row.registryFactory.transient({ site: geo.secondary });
        await registries.failed().create();
        await registries.synced().create();
        await registries.synced().verificationSucceeded().create();
        await registries.create();
        const fields = statusFields(
          await collectSiteStatus(geo.secondary, replicators),
          replicators,
        );
        expect(fields).toMatchObject({
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
    },
  );
}
