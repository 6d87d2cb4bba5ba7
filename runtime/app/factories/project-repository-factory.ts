import { defineRepositoryModelFactory, projectFactory } from 'geo-runtime/testing';
import { ProjectRepository } from '../models/project-repository.ts';

/**
 * Project repositories, each with an empty bare repository on the primary (push commits into
 * `record.gitDir` to give it refs). Traits: verificationSucceeded(), verificationFailed().
 * Give `project_id` to place one in a project; otherwise it gets a project of its own.
 */
export const projectRepositoryFactory = defineRepositoryModelFactory<ProjectRepository>(
  ProjectRepository,
  {
    attributes: (sequence) => ({ full_path: `project-repositories/${sequence}` }),
    complete: async (site, { project_id, full_path = 'project-repository', ...rest }) => ({
      ...rest,
      full_path,
      project_id: project_id ?? (await projectFactory.transient({ site }).create()).id,
    }),
  },
);
