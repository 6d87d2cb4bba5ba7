import { defineRegistryType } from 'geo-runtime/graphql';
import { PackageFileRegistry } from '../../registries/package-file-registry.ts';

export const PackageFileRegistryType = defineRegistryType({
  name: 'PackageFileRegistry',
  description: 'Represents the Geo replication and verification state of a package_file',
  registryClass: PackageFileRegistry,
  foreignKey: { name: 'packageFileId', description: 'ID of the Package File' },
});
