import { defineRegistryType } from 'geo-runtime/graphql';
import { ProjectRepositoryRegistry } from '../../registries/project-repository-registry.ts';

export const ProjectRepositoryRegistryType = defineRegistryType({
  name: 'ProjectRepositoryRegistry',
  description: 'Represents the Geo replication and verification state of a project_repository',
  registryClass: ProjectRepositoryRegistry,
  foreignKey: { name: 'projectRepositoryId', description: 'ID of the Project Repository' },
});
