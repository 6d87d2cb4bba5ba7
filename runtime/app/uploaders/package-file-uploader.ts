import { Uploader } from 'geo-runtime';
import type { PackageFileRow } from '../models/package-file.ts';

export class PackageFileUploader extends Uploader<PackageFileRow> {
  storeDir(): string {
    return `package_files/${this.record.id}`;
  }
}
