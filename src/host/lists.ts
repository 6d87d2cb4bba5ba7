import type { GeoLists } from 'geo-runtime/config';
import type { HostConfig } from './config.ts';

export type { ListLocation } from 'geo-runtime/config';

/** Where a host keeps what `geo-gen replicable` patches (geo.config.json `"lists"` over the defaults). */
export type HostLists = GeoLists;

export function hostLists(config: HostConfig): HostLists {
  return config.lists;
}
