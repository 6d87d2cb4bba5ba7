import { sql } from 'kysely';
import { Registry, requireRegistryTable, type RegistryClass } from '../registry/registry.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { VERIFICATION_STATES } from '../states/verification-state.ts';
import type { RegistriesBulkAction, RegistryAction } from './enums.ts';
import {
  RegistriesOnPrimaryError,
  RegistryNotFoundError,
  RegistryNotSyncedError,
} from './errors.ts';
import type { FrameworkRegistryFinder } from './registry-finder.ts';

function assertHoldsRegistries(site: GeoSite): void {
  if (site.nodeOrUndefined?.primary) throw new RegistriesOnPrimaryError(site.name);
}

/**
 * Resyncs or reverifies one registry (`Geo::RegistryUpdateService`) and returns it re-read.
 * RESYNC marks it pending from any state (a sync running meanwhile then ends as
 * `reset-mid-sync`); REVERIFY marks the verification of a synced registry pending.
 *
 * @example await updateRegistry(site, PackageFileRegistry, 12, 'resync'); // state: pending
 */
export async function updateRegistry(
  site: GeoSite,
  registryClass: RegistryClass,
  registryId: number,
  action: RegistryAction,
): Promise<Registry> {
  assertHoldsRegistries(site);
  const registry = await registryClass.findById(site, registryId);
  if (!registry) throw new RegistryNotFoundError(registryClass.name, registryId, site.name);
  switch (action) {
    case 'resync':
      await registry.pending();
      break;
    case 'reverify':
      if (registry.state !== 'synced') {
        throw new RegistryNotSyncedError(registryClass.name, registryId, registry.state);
      }
      await registry.verificationPending();
      break;
  }
  return registry.reload();
}

/**
 * Resyncs or reverifies every registry the finder matches, in one UPDATE per call (GitLab's
 * bulk mark-pending services). Returns how many registries changed; those already pending are
 * left alone. The columns set are those of `Registry#pending` and `VerificationTable#pending`.
 *
 * @example await bulkUpdateRegistries(new PackageFileRegistryFinder(site), 'reverify_all'); // 42
 */
export async function bulkUpdateRegistries(
  finder: FrameworkRegistryFinder,
  action: RegistriesBulkAction,
): Promise<number> {
  const { site, registryClass } = finder;
  assertHoldsRegistries(site);
  const matching = finder.query().clearSelect().select('id');
  const update = Registry.db(site)
    .updateTable(requireRegistryTable(registryClass))
    .where('id', 'in', matching);
  const { failed, disabled, pending } = VERIFICATION_STATES;
  // After a failure the retry count is kept, so the backoff keeps growing (as one row's pending does).
  const keepsBackoff = sql<boolean>`verification_state IN (${failed}, ${disabled})`;
  const result =
    action === 'resync_all'
      ? await update
          .set({
            state: REPLICATION_STATES.pending,
            retry_count: 0,
            retry_at: null,
            verification_state: disabled,
          })
          .where('state', '<>', REPLICATION_STATES.pending)
          .executeTakeFirst()
      : await update
          .set({
            verification_state: pending,
            verification_failure: null,
            checksum_mismatch: false,
            verification_checksum_mismatched: null,
            verification_retry_count: sql<number>`CASE WHEN ${keepsBackoff} THEN verification_retry_count ELSE 0 END`,
            verification_retry_at: sql<Date | null>`CASE WHEN ${keepsBackoff} THEN verification_retry_at ELSE NULL END`,
          })
          .where('state', '=', REPLICATION_STATES.synced)
          .where('verification_state', '<>', pending)
          .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
