---
to: app/models/<%= h.changeCase.paramCase(name) %>.ts
---
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
import { <%= name %>Replicator } from '../replicators/<%= h.changeCase.paramCase(name) %>-replicator.ts';
import { <%= name %>Uploader } from '../uploaders/<%= h.changeCase.paramCase(name) %>-uploader.ts';

export interface <%= name %>Table extends VerificationStateColumns {
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
    <%= h.changeCase.snakeCase(name) %>s: <%= name %>Table;
  }
}

export type <%= name %>Row = Selectable<<%= name %>Table>;

export class <%= name %> extends BlobModel<<%= name %>Row> {
  static override readonly tableName = '<%= h.changeCase.snakeCase(name) %>s';

  static override get replicatorClass() {
    return <%= name %>Replicator;
  }

  static override get uploaderClass() {
    return <%= name %>Uploader;
  }

  /**
   * The <%= h.changeCase.lowerCase(h.changeCase.sentenceCase(name)) %>s this secondary should hold, by id within `range`.
   *
   * Decision: a <%= h.changeCase.lowerCase(h.changeCase.sentenceCase(name)) %> belongs to a project, so it follows its project's namespace and shard
   * under selective sync; files in object storage are replicated only with `sync_object_storage`.
   */
  static override async replicablesForCurrentSecondary(
    site: GeoSite,
    range: IdRange,
  ): Promise<number[]> {
    const rows = await site.mainDb
      .selectFrom('<%= h.changeCase.snakeCase(name) %>s')
      .select('<%= h.changeCase.snakeCase(name) %>s.id')
      .where('<%= h.changeCase.snakeCase(name) %>s.id', '>=', range.from)
      .where('<%= h.changeCase.snakeCase(name) %>s.id', '<=', range.to)
      .where(inReplicableStorage(site, '<%= h.changeCase.snakeCase(name) %>s.file_store'))
      .where(inSelectiveSyncProjects(site, '<%= h.changeCase.snakeCase(name) %>s.project_id'))
      .orderBy('<%= h.changeCase.snakeCase(name) %>s.id')
      .execute();
    return rows.map((row) => row.id);
  }
}
