/** How a data type is stored, and so how it is copied between sites. */
export const STRATEGIES = ['blob', 'repository'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Where the primary keeps each record's verification state. */
export const VERIFICATION_TABLES = ['inline', 'separate'] as const;
export type VerificationTable = (typeof VERIFICATION_TABLES)[number];

/**
 * Who a record belongs to, which decides whom it follows under selective sync: a project (its
 * namespace and shard), a namespace such as a group (the namespace and its descendants), or the
 * instance (replicated under any selective sync, as GitLab does for instance-level data).
 */
export const OWNERS = ['project', 'namespace', 'none'] as const;
export type Owner = (typeof OWNERS)[number];

/** The column naming a record's owner, on the model's table; none for the instance's records. */
export const OWNER_COLUMNS: { readonly [O in Owner]: string | undefined } = {
  project: 'project_id',
  namespace: 'namespace_id',
  none: undefined,
};
