/**
 * Verification state, on the primary's model (or `_states`) table and on a secondary's registry.
 * Stored values; they appear in partial indexes.
 */
export const VERIFICATION_STATES = {
  pending: 0,
  started: 1,
  succeeded: 2,
  failed: 3,
  disabled: 4,
} as const;
export type VerificationStateName = keyof typeof VERIFICATION_STATES;
export type VerificationStateValue = (typeof VERIFICATION_STATES)[VerificationStateName];

export const VERIFICATION_TRANSITIONS = {
  pending: '*',
  start: '*',
  succeeded: ['started'],
  failed: '*',
  disabled: '*',
} as const satisfies Record<string, '*' | readonly VerificationStateName[]>;
export type VerificationEvent = keyof typeof VERIFICATION_TRANSITIONS;
