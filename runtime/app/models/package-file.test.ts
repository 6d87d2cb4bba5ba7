import {
  describeOnEachEngine,
  itSelectsReplicablesForCurrentSecondary,
  useGeoSites,
} from 'geo-runtime/testing';
import { packageFileFactory } from '../factories/package-file-factory.ts';
import { PackageFile } from './package-file.ts';

describeOnEachEngine('PackageFile', (databases) => {
  const geo = useGeoSites(databases);

  // The table for the default replicablesForCurrentSecondary: a package file follows its project.
  // Change it together with that method when package files relate to namespaces differently.
  itSelectsReplicablesForCurrentSecondary({ model: PackageFile, factory: packageFileFactory, geo });
});
