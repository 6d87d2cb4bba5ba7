import type { GeoNodeRegistryField } from 'geo-runtime/graphql';
import { PackageFileRegistriesResolver } from './resolvers/package-file-registries-resolver.ts';
import { PackageFileRegistryType } from './types/package-file-registry-type.ts';
import { ProjectRepositoryRegistriesResolver } from './resolvers/project-repository-registries-resolver.ts';
import { ProjectRepositoryRegistryType } from './types/project-repository-registry-type.ts';

/**
 * The registries connections of the `GeoNode` GraphQL type, one per replicable. A field with a
 * `featureFlag` lists nothing while the flag is off (it stays in the schema, so clients' queries
 * keep working); `geo-gen release` removes the flag line.
 */
export const GEO_NODE_REGISTRY_FIELDS: readonly GeoNodeRegistryField[] = [
  {
    name: 'packageFileRegistries',
    type: PackageFileRegistryType,
    resolver: PackageFileRegistriesResolver,
    description: 'Find Package File registries on this Geo node',
    featureFlag: 'geo_package_file_replication',
  },
  {
    name: 'projectRepositoryRegistries',
    type: ProjectRepositoryRegistryType,
    resolver: ProjectRepositoryRegistriesResolver,
    description: 'Find Project Repository registries on this Geo node',
    featureFlag: 'geo_project_repository_replication',
  },
];
