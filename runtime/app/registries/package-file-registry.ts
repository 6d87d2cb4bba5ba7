import type { RegistryTable } from 'geo-runtime';
import { Registry } from 'geo-runtime';
import { PackageFile } from '../models/package-file.ts';

export interface PackageFileRegistryTable extends RegistryTable {
  package_file_id: number;
}

declare module 'geo-runtime' {
  interface TrackingDatabase {
    package_file_registry: PackageFileRegistryTable;
  }
}

export class PackageFileRegistry extends Registry {
  static override readonly tableName = 'package_file_registry';
  static override readonly modelForeignKey = 'package_file_id';

  static override get modelClass() {
    return PackageFile;
  }
}
