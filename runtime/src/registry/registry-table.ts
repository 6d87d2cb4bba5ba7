import type { Kysely, Selectable } from 'kysely';
import type { RegistryTable } from '../db/tracking-database.ts';
import { MisconfiguredClassError } from '../model/errors.ts';
import type { GeoSite } from '../sites/geo-site.ts';

/** A registry row, with its model foreign key also under a fixed name. */
export type RegistryRow = Selectable<RegistryTable> & { readonly model_record_id: number };

export type RegistryDb = Record<string, RegistryTable>;

/** The tracking database, seen through the columns every registry table shares. */
export function registryDb(site: GeoSite): Kysely<RegistryDb> {
  // Registry tables are named at run time; the columns they share are typed by RegistryTable.
  return site.trackingDb as unknown as Kysely<RegistryDb>;
}

export function requireRegistryTable(registry: {
  readonly name: string;
  readonly tableName: string;
}): string {
  if (!registry.tableName) {
    throw new MisconfiguredClassError(
      registry.name,
      'tableName',
      "Add `static override readonly tableName = '…'`.",
    );
  }
  return registry.tableName;
}
