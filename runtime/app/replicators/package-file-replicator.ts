import { BlobReplicator } from 'geo-runtime';
import { PackageFile } from '../models/package-file.ts';
import { PackageFileRegistry } from '../registries/package-file-registry.ts';

export class PackageFileReplicator extends BlobReplicator<PackageFile> {
  static override get model() {
    return PackageFile;
  }

  static override get registryClass() {
    return PackageFileRegistry;
  }

  // Off while replication of package files is being built: the flag
  // geo_package_file_replication turns it on. `geo-gen release PackageFile` removes this line.
  static override readonly replicationEnabledByDefault = false;

  // The model's mounted uploader (the `carrierwave_uploader` of the original).
  override uploaderFor(packageFile: PackageFile) {
    return packageFile.file;
  }
}
