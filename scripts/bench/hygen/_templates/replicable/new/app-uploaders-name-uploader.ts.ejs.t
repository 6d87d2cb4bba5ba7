---
to: app/uploaders/<%= h.changeCase.paramCase(name) %>-uploader.ts
---
import { Uploader } from 'geo-runtime';
import type { <%= name %>Row } from '../models/<%= h.changeCase.paramCase(name) %>.ts';

export class <%= name %>Uploader extends Uploader<<%= name %>Row> {
  storeDir(): string {
    return `<%= h.changeCase.snakeCase(name) %>s/${this.record.id}`;
  }
}
