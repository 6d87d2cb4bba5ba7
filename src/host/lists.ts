import type { HostConfig } from './config.ts';

/** A list in a host file that geo-gen adds entries to: a top-level `const` array. */
export interface ListLocation {
  readonly file: string;
  readonly symbol: string;
}

/** Where a host keeps what `geo-gen replicable` patches (geo.config.json `"lists"`, else these). */
export interface HostLists {
  readonly replicatorClasses: ListLocation;
  readonly statusSpecTable: ListLocation;
  readonly registryFields: ListLocation;
  readonly statusApiDoc: string;
  readonly metricsDoc: string;
}

export const DEFAULT_HOST_LISTS: HostLists = Object.freeze({
  replicatorClasses: { file: 'app/replicator-classes.ts', symbol: 'REPLICATOR_CLASSES' },
  statusSpecTable: { file: 'app/geo-node-status.test.ts', symbol: 'REPLICABLE_STATUS_ROWS' },
  registryFields: {
    file: 'app/graphql/geo-node-registry-fields.ts',
    symbol: 'GEO_NODE_REGISTRY_FIELDS',
  },
  statusApiDoc: 'docs/api/geo-nodes.md',
  metricsDoc: 'docs/monitoring/metrics.md',
});

/** The host's list locations: its configuration's `"lists"` over the defaults. */
export function hostLists(config: HostConfig): HostLists {
  const configured = config['lists'];
  if (typeof configured !== 'object' || configured === null) return DEFAULT_HOST_LISTS;
  return { ...DEFAULT_HOST_LISTS, ...(configured as Partial<HostLists>) };
}
