import { posix } from 'node:path';
import type { HostLayout } from '../host/layout.ts';

/**
 * The folders templates are stored under (as in the runtime's own host), each standing for a
 * folder of the host's layout; the longest first, so `db/geo/migrate` is not read as `db/…`.
 */
const TEMPLATE_FOLDERS: readonly (readonly [string, keyof HostLayout])[] = [
  ['db/geo/migrate', 'trackingMigrationsDir'],
  ['db/migrate', 'mainMigrationsDir'],
  ['config/feature_flags/development', 'featureFlagsDir'],
  ['app', 'appDir'],
];

/**
 * Where a file stored at `path` in the templates (`app/models/x.ts`) goes in a host with this
 * layout (`src/geo/models/x.ts`): the one place template folders become host folders.
 */
export function placeTemplatePath(layout: HostLayout, path: string): string {
  for (const [folder, key] of TEMPLATE_FOLDERS) {
    if (path === folder || path.startsWith(`${folder}/`)) {
      return posix.join(layout[key], path.slice(folder.length));
    }
  }
  return path;
}
