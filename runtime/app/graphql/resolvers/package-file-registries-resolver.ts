import { RegistriesResolver } from 'geo-runtime/graphql';
import { PackageFileRegistryFinder } from '../../finders/package-file-registry-finder.ts';

/** Resolves `GeoNode.packageFileRegistries`. */
export class PackageFileRegistriesResolver extends RegistriesResolver {
  static override get finder() {
    return PackageFileRegistryFinder;
  }
}
