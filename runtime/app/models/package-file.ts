import type { Generated, Selectable } from 'kysely';
import {
  BlobModel,
  inReplicableStorage,
  inSelectiveSyncProjects,
  type GeneratedTimestamp,
  type GeoSite,
  type IdRange,
  type VerificationStateColumns,
} from 'geo-runtime';
import { PackageFileReplicator } from '../replicators/package-file-replicator.ts';
import { PackageFileUploader } from '../uploaders/package-file-uploader.ts';

export interface PackageFileTable extends VerificationStateColumns {
  id: Generated<number>;
  project_id: number;
  file_name: string;
  file: string | null;
  file_store: Generated<number>;
  size: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

declare module 'geo-runtime' {
  interface MainDatabase {
    package_files: PackageFileTable;
  }
}

export type PackageFileRow = Selectable<PackageFileTable>;

export class PackageFile extends BlobModel<PackageFileRow> {
  static override readonly tableName = 'package_files';

  static override get replicatorClass() {
    return PackageFileReplicator;
  }

  static override get uploaderClass() {
    return PackageFileUploader;
  }

  /**
   * The package files this secondary should hold, by id within `range`.
   *
   * Decision: a package file belongs to a project, so it follows its project's namespace and shard
   * under selective sync; files in object storage are replicated only with `sync_object_storage`.
   */
  static override async replicablesForCurrentSecondary(
    site: GeoSite,
    range: IdRange,
  ): Promise<number[]> {
    const rows = await site.mainDb
      .selectFrom('package_files')
      .select('package_files.id')
      .where('package_files.id', '>=', range.from)
      .where('package_files.id', '<=', range.to)
      .where(inReplicableStorage(site, 'package_files.file_store'))
      .where(inSelectiveSyncProjects(site, 'package_files.project_id'))
      .orderBy('package_files.id')
      .execute();
    return rows.map((row) => row.id);
  }
}
