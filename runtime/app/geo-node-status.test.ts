import {
  describeOnEachEngine,
  itReportsReplicableStatus,
  useGeoSites,
  type ReplicableStatusRow,
} from 'geo-runtime/testing';
import { packageFileFactory } from './factories/package-file-factory.ts';
import { packageFileRegistryFactory } from './factories/package-file-registry-factory.ts';
import { PackageFileReplicator } from './replicators/package-file-replicator.ts';
import { projectRepositoryFactory } from './factories/project-repository-factory.ts';
import { projectRepositoryRegistryFactory } from './factories/project-repository-registry-factory.ts';
import { ProjectRepositoryReplicator } from './replicators/project-repository-replicator.ts';

/** Replicator stats: one row per replicator of REPLICATOR_CLASSES. */
const REPLICABLE_STATUS_ROWS: readonly ReplicableStatusRow[] = [
  {
    replicator: PackageFileReplicator,
    modelFactory: packageFileFactory,
    registryFactory: packageFileRegistryFactory,
  },
  {
    replicator: ProjectRepositoryReplicator,
    modelFactory: projectRepositoryFactory,
    registryFactory: projectRepositoryRegistryFactory,
  },
];

describeOnEachEngine('Geo node status', (databases) => {
  const geo = useGeoSites(databases);
  itReportsReplicableStatus(REPLICABLE_STATUS_ROWS, geo);
});
