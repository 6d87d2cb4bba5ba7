import { FrameworkRegistryFinder } from 'geo-runtime/graphql';
import { PackageFileRegistry } from '../registries/package-file-registry.ts';

/**
 * Package file registries of this secondary, filtered by ids, replication and
 * verification state.
 */
export class PackageFileRegistryFinder extends FrameworkRegistryFinder {
  static override get registryClass() {
    return PackageFileRegistry;
  }
}
