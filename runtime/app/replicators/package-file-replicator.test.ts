import type { GeoSite } from 'geo-runtime';
import {
  describeOnEachEngine,
  itBehavesLikeABlobReplicator,
  itBehavesLikeAReplicator,
  itBehavesLikeAVerifiableReplicator,
  useGeoSites,
} from 'geo-runtime/testing';
import { packageFileFactory } from '../factories/package-file-factory.ts';
import { PackageFileReplicator } from './package-file-replicator.ts';

describeOnEachEngine('PackageFileReplicator', (databases) => {
  const geo = useGeoSites(databases);
  const examples = {
    replicator: PackageFileReplicator,
    geo,
    createRecord: (site: GeoSite, fileContent?: string) =>
      packageFileFactory
        .transient({ site })
        .create(fileContent === undefined ? {} : { fileContent }),
  };

  itBehavesLikeAReplicator(examples);
  itBehavesLikeABlobReplicator(examples);
  itBehavesLikeAVerifiableReplicator(examples);
});
