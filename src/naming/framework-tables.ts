/**
 * The tables geo-runtime's own migrations create in each database (`runtime/src/db/schema`): an
 * application has them without a migration of its own, so a data type may not take their names.
 * test/naming/framework-tables.test.ts reads those migrations and fails, printing the right
 * lists, when these and they disagree.
 */
export const FRAMEWORK_TABLES = {
  main: [
    'exclusive_leases',
    'feature_gates',
    'geo_event_log',
    'geo_events',
    'geo_node_statuses',
    'geo_nodes',
    'namespaces',
    'projects',
  ],
  tracking: ['event_log_gaps', 'event_log_states', 'exclusive_leases', 'geo_node_statuses'],
} as const satisfies Record<'main' | 'tracking', readonly string[]>;
