import type { ReplicatorClass } from 'geo-runtime';
import { PackageFileReplicator } from './replicators/package-file-replicator.ts';
import { ProjectRepositoryReplicator } from './replicators/project-repository-replicator.ts';

/**
 * Every replicator of this application. Status, the registry consistency worker, the sync and
 * verification workers and the GraphQL API all derive their lists from this one.
 */
export const REPLICATOR_CLASSES: readonly ReplicatorClass[] = [
  PackageFileReplicator,
  ProjectRepositoryReplicator,
];
