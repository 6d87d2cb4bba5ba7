import type { GeoSite } from 'geo-runtime';
import {
  describeOnEachEngine,
  itBehavesLikeAReplicator,
  itBehavesLikeARepositoryReplicator,
  itBehavesLikeAVerifiableReplicator,
  useGeoSites,
} from 'geo-runtime/testing';
import { projectRepositoryFactory } from '../factories/project-repository-factory.ts';
import { ProjectRepositoryReplicator } from './project-repository-replicator.ts';

describeOnEachEngine('ProjectRepositoryReplicator', (databases) => {
  const geo = useGeoSites(databases);
  const examples = {
    replicator: ProjectRepositoryReplicator,
    geo,
    createRecord: (site: GeoSite) => projectRepositoryFactory.transient({ site }).create(),
  };

  itBehavesLikeAReplicator(examples);
  itBehavesLikeARepositoryReplicator(examples);
  itBehavesLikeAVerifiableReplicator(examples);
});
