import type { RegistryTable } from '../db/tracking-database.ts';
import { REPLICATION_STATES } from '../states/replication-state.ts';
import { Registry, type RegistryClass, type SyncedResult } from './registry.ts';
import { registryDb, requireRegistryTable } from './registry-table.ts';

/** The columns a repository registry has besides every registry's (the `001` Gizmo registry). */
export interface RepositoryRegistryTable extends RegistryTable {
  /** The primary had no such repository at the last sync (an empty project, say). */
  missing_on_primary: boolean | null;
  /** Kept for the original's schema and GraphQL; redownloads were removed in GitLab 17.10. */
  force_to_redownload: boolean | null;
}

export type RepositoryRegistryClass<R extends RepositoryRegistry = RepositoryRegistry> =
  RegistryClass<R>;

/**
 * A registry of a repository data type: the sync state of one repository on this secondary, and
 * whether the primary had it at the last sync (`missing_on_primary`).
 */
export abstract class RepositoryRegistry extends Registry {
  /** Whether the last sync found no repository on the primary. */
  get missingOnPrimary(): boolean {
    // Every registry row is read with all its columns; a repository registry's has this one too.
    const row: object = this.row;
    return 'missing_on_primary' in row && row.missing_on_primary === true;
  }

  /**
   * started → synced, recording whether the primary had the repository (a repository the primary
   * lacks is synced as such, as the original does, and is not retried until something changes).
   */
  async syncedFromPrimary(options: { readonly missingOnPrimary: boolean }): Promise<SyncedResult> {
    await registryDb(this.site)
      .withTables<Record<string, { missing_on_primary: boolean | null }>>()
      .updateTable(requireRegistryTable(this.registryClass))
      .set({ missing_on_primary: options.missingOnPrimary })
      .where('id', '=', this.id)
      .where('state', '=', REPLICATION_STATES.started)
      .execute();
    return this.synced();
  }
}
