/**
 * A registry's replication state. The numbers are stored in `state` and appear in partial
 * indexes, so they never change.
 */
export const REPLICATION_STATES = { pending: 0, started: 1, synced: 2, failed: 3 } as const;
export type ReplicationStateName = keyof typeof REPLICATION_STATES;
export type ReplicationStateValue = (typeof REPLICATION_STATES)[ReplicationStateName];

/** Which states each event may leave from (`*` means any). */
export const REPLICATION_TRANSITIONS = {
  pending: '*',
  start: ['pending', 'synced', 'failed'],
  synced: ['started'],
  failed: '*',
  resync: ['synced', 'failed'],
} as const satisfies Record<string, '*' | readonly ReplicationStateName[]>;
export type ReplicationEvent = keyof typeof REPLICATION_TRANSITIONS;
