/** How a data type is stored, and so how it is copied between sites. */
export const STRATEGIES = ['blob', 'repository'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Where the primary keeps each record's verification state. */
export const VERIFICATION_TABLES = ['inline', 'separate'] as const;
export type VerificationTable = (typeof VERIFICATION_TABLES)[number];
