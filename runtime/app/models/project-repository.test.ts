import {
  describeOnEachEngine,
  itSelectsReplicablesForCurrentSecondary,
  useGeoSites,
} from 'geo-runtime/testing';
import { projectRepositoryFactory } from '../factories/project-repository-factory.ts';
import { ProjectRepository } from './project-repository.ts';

describeOnEachEngine('ProjectRepository', (databases) => {
  const geo = useGeoSites(databases);

  // The table for the default replicablesForCurrentSecondary: a project repository follows its
  // project's namespace, and its own repository storage under selective sync by shards. Change it
  // together with that method when project repositories relate to namespaces differently.
  itSelectsReplicablesForCurrentSecondary({
    model: ProjectRepository,
    factory: projectRepositoryFactory,
    geo,
  });
});
